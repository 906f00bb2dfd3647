package dev.estimator.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's Dockerfile, read as far as the tests need it: stages, and per stage its instructions with
 * continuation lines joined and comments dropped. Tests run and check what it says instead of repeating it.
 */
record Dockerfile(List<Stage> stages) {

    static final Path PATH = Path.of("Dockerfile");

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S*)");

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            if (found.isEmpty()) {
                throw new AssertionError("stage " + name + " has no " + keyword);
            }
            return found.get(found.size() - 1);
        }

        String workdir() {
            return last("WORKDIR").arguments();
        }

        /** The ENV variables, {@code KEY=value} or {@code KEY="quoted value"} pairs. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction i : all("ENV")) {
                Matcher m = ENV_PAIR.matcher(i.arguments());
                while (m.find()) {
                    env.put(m.group(1), m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2));
                }
            }
            return env;
        }

        /** The exec-form ENTRYPOINT as its argument list. */
        List<String> entrypoint() {
            String json = last("ENTRYPOINT").arguments();
            if (!json.startsWith("[")) {
                throw new AssertionError("ENTRYPOINT is not in exec form, so java would not receive SIGTERM: " + json);
            }
            return JsonMapper.shared().readValue(json, new TypeReference<List<String>>() {
            });
        }
    }

    static Dockerfile read() throws IOException {
        return read(PATH);
    }

    static Dockerfile read(Path path) throws IOException {
        return parse(Files.readAllLines(path));
    }

    static Dockerfile parse(List<String> lines) {
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase();
            String arguments = space < 0 ? "" : text.substring(space + 1).strip().replaceAll("\\s+", " ");
            if (keyword.equals("FROM")) {
                String[] parts = arguments.split(" ");
                String name = parts.length == 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : String.valueOf(stages.size());
                stages.add(new Stage(parts[0], name, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                throw new AssertionError("instruction before FROM: " + text);
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(stages);
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name));
    }

    /** The stage the image is made of. */
    Stage last() {
        return stages.get(stages.size() - 1);
    }
}
