package org.spikeflow.graph;

/**
 * The tap tables of one window between two fixed shapes, built on first use and then shared by every engine
 * and thread (an engine asks for the table its kernel reads; the other is never built).
 */
final class WindowTables {
    private final Window window;
    private final Shape source;
    private final Shape target;
    private volatile Window.Taps fanIn;
    private volatile Window.Taps fanOut;

    WindowTables(Window window, Shape source, Shape target) {
        this.window = window;
        this.source = source;
        this.target = target;
    }

    Window.Taps fanIn() {
        Window.Taps t = fanIn;
        if (t == null) {
            synchronized (this) {
                t = fanIn;
                if (t == null) fanIn = t = window.fanIn(source, target);
            }
        }
        return t;
    }

    Window.Taps fanOut() {
        Window.Taps t = fanOut;
        if (t == null) {
            synchronized (this) {
                t = fanOut;
                if (t == null) fanOut = t = fanIn().transpose(source.height() * source.width());
            }
        }
        return t;
    }

    /** Taps of source position {@code p} that reach the target. */
    int fanOutOf(int p) {
        Window.Taps t = fanOut();
        return t.end(p) - t.begin(p);
    }
}
