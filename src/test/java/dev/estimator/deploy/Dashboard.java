package dev.estimator.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chart's Grafana dashboard: its PromQL queries, and the metric and label names they use. */
final class Dashboard {

    static final Path FILE = Chart.DIR.resolve("dashboards/estimator.json");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:$.])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    /** A query and where it is. */
    record Query(String where, String promQl) {
    }

    /** Metric names and label names of one PromQL expression. */
    record Names(Set<String> metrics, Set<String> labels) {
    }

    private Dashboard() {
    }

    /** Every panel target's {@code expr} and every query variable's query. */
    static List<Query> queries() throws IOException {
        JsonNode root = JsonMapper.shared().readTree(FILE.toFile());
        List<Query> queries = new ArrayList<>();
        collect(root.path("panels"), queries);
        for (JsonNode variable : root.path("templating").path("list")) {
            if (variable.path("type").asString().equals("query")) {
                JsonNode q = variable.path("query");
                queries.add(new Query("variable " + variable.path("name").asString(),
                        q.isObject() ? q.path("query").asString() : q.asString()));
            }
        }
        return queries;
    }

    private static void collect(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query("panel '" + panel.path("title").asString() + "' " + target.path("refId").asString(),
                        target.path("expr").asString()));
            }
            collect(panel.path("panels"), queries);
        }
    }

    /** The metric names a PromQL expression reads, and the label names it matches or groups by. */
    static Names names(String promQl) {
        Set<String> labels = new LinkedHashSet<>();
        String expr = promQl;
        Matcher labelValues = LABEL_VALUES.matcher(expr);
        if (labelValues.matches()) { // Grafana's label_values(selector, label)
            labels.add(labelValues.group(2));
            expr = labelValues.group(1);
        }
        expr = STRING.matcher(expr).replaceAll("\"\"");
        Matcher matchers = MATCHERS.matcher(expr);
        while (matchers.find()) {
            Matcher label = MATCHER_LABEL.matcher(matchers.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        expr = MATCHERS.matcher(expr).replaceAll(" ");
        expr = RANGE.matcher(expr).replaceAll(" ");
        Matcher grouping = GROUPING.matcher(expr);
        while (grouping.find()) {
            for (String label : grouping.group(2).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        expr = GROUPING.matcher(expr).replaceAll(" ");
        Set<String> metrics = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(expr);
        while (identifier.find()) {
            boolean call = identifier.group(2) != null;
            if (!call && !KEYWORDS.contains(identifier.group(1))) {
                metrics.add(identifier.group(1));
            }
        }
        return new Names(metrics, labels);
    }
}
