package org.spikeflow.cli;

import org.spikeflow.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/** One self-contained HTML page: the text tables and every plot embedded as base64 PNG. */
final class HtmlReport {
    private HtmlReport() {
    }

    static void write(Path file, String title, String tables, List<Path> plots) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
            .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1000px}pre{background:#f4f4f4;padding:1em;"
                + "overflow-x:auto;font-size:12px}img{max-width:100%;border:1px solid #ddd;margin:1em 0}</style></head><body>\n");
        sb.append("<h1>").append(escape(title)).append("</h1>\n<pre>").append(escape(tables)).append("</pre>\n");
        for (Path p : plots) {
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(p));
            sb.append("<h2>").append(escape(p.getFileName().toString().replace(".png", "").replace('_', ' '))).append("</h2>\n")
                .append("<img alt=\"").append(escape(p.getFileName().toString())).append("\" src=\"data:image/png;base64,")
                .append(b64).append("\">\n");
        }
        sb.append("</body></html>\n");
        AtomicFiles.writeString(file, sb.toString());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
