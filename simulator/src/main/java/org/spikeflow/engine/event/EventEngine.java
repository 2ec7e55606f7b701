package org.spikeflow.engine.event;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.Engine;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The event-driven engine. Every non-input population owns an LMAX Disruptor ring of pre-allocated
 * {@link SpikeEvent}s; its agent scatters each arriving spike's real fan-out and, at the end of a timestep,
 * updates its neurons and publishes its own spikes to the rings of the populations it projects to. Agents are
 * spread round-robin over {@code threads} Agrona agent runners, so layers run pipelined: layer 1 may be on
 * timestep t+1 (or the next sample) while layer 3 is on t. Results do not depend on the thread count.
 */
public final class EventEngine implements Engine {

    @Override
    public EngineKind kind() {
        return EngineKind.EVENT;
    }

    @Override
    public SimulationResult run(Network net, Dataset data, SimulationConfig cfg) {
        org.spikeflow.engine.Engines.checkInput(net, data, cfg);
        final long start = System.nanoTime();
        final List<Population> pops = net.populations();
        final int np = pops.size();
        final int samples = data.size();
        @SuppressWarnings("unchecked")
        final RingBuffer<SpikeEvent>[] rings = new RingBuffer[np];
        final PopulationCounters[] counters = new PopulationCounters[np];
        for (Population p : pops) {
            counters[p.id()] = new PopulationCounters(cfg.timesteps());
            if (p.kind() == PopulationKind.INPUT) continue;
            final Set<Integer> sources = new LinkedHashSet<>();
            for (Projection pr : net.incoming(p.id())) sources.add(pr.source().id());
            rings[p.id()] = RingBuffer.create(sources.size() > 1 ? ProducerType.MULTI : ProducerType.SINGLE,
                SpikeEvent::new, cfg.ringSize(), new YieldingWaitStrategy());
        }
        final Completion completion = new Completion(np, cfg.progress());
        final int[][] predictions = new int[samples][cfg.checkpoints().length];
        final List<Agent> agents = new ArrayList<>();
        for (Population p : pops) {
            final Set<Integer> targets = new LinkedHashSet<>();
            for (Projection pr : net.outgoing(p.id())) targets.add(pr.target().id());
            @SuppressWarnings("unchecked")
            final RingBuffer<SpikeEvent>[] out = new RingBuffer[targets.size()];
            int k = 0;
            for (int t : targets) out[k++] = rings[t];
            final Outbox outbox = new Outbox(p.id(), out, p.size());
            if (p.kind() == PopulationKind.INPUT) {
                agents.add(new InputAgent(p.id(), data, cfg, outbox, counters[p.id()], completion));
            } else {
                final EventPoller<SpikeEvent> poller = rings[p.id()].newPoller();
                rings[p.id()].addGatingSequences(poller.getSequence());
                agents.add(new LayerAgent(net, p, cfg, samples, poller, outbox, counters[p.id()], completion, predictions));
            }
        }
        final int threads = Math.min(cfg.threads(), agents.size());
        final List<List<Agent>> groups = new ArrayList<>();
        for (int t = 0; t < threads; t++) groups.add(new ArrayList<>());
        for (int a = 0; a < agents.size(); a++) groups.get(a % threads).add(agents.get(a));
        final List<AgentRunner> runners = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final List<Agent> g = groups.get(t);
            final Agent agent = g.size() == 1 ? g.get(0) : new CompositeAgent(g);
            final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(64, 64, 1_000, 100_000),
                completion::fail, null, agent);
            runners.add(runner);
        }
        for (int t = 0; t < runners.size(); t++) {
            final int n = t;
            AgentRunner.startOnThread(runners.get(t), r -> {
                Thread th = new Thread(r, "spikeflow-engine-" + n);
                th.setDaemon(true);
                return th;
            });
        }
        try {
            completion.await();
        } finally {
            for (AgentRunner r : runners) r.close();
        }
        if (cfg.listener() != null) cfg.listener().close();
        return new SimulationResult(net, cfg, EngineKind.EVENT, data.labels().clone(), predictions, counters,
            (System.nanoTime() - start) / 1e9, 0L);
    }

    /** Tracks finished agents, reports finished samples and carries the first failure to the caller. */
    static final class Completion {
        private final CountDownLatch agents;
        private final IntConsumer progress;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Completion(int agentCount, IntConsumer progress) {
            this.agents = new CountDownLatch(agentCount);
            this.progress = progress;
        }

        void agentDone() {
            agents.countDown();
        }

        void sampleDone(int finishedSamples) {
            if (progress != null) progress.accept(finishedSamples);
        }

        void fail(Throwable t) {
            if (failure.compareAndSet(null, t)) {
                while (agents.getCount() > 0) agents.countDown();
            }
        }

        void await() {
            try {
                while (!agents.await(100, TimeUnit.MILLISECONDS)) {
                    // wait; failures release the latch
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("simulation interrupted", e);
            }
            final Throwable t = failure.get();
            if (t != null) {
                if (t instanceof RuntimeException re) throw re;
                throw new IllegalStateException("simulation failed: " + t, t);
            }
        }
    }
}
