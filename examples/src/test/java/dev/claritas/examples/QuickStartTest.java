package dev.claritas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's quick-start snippet is this module's QuickStart class, and it learns what it says it learns. */
class QuickStartTest {

    @Test
    void readmeShowsTheQuickStartSourceVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/claritas/examples/QuickStart.java"));
        String snippet = source.substring(source.indexOf("// quick-start:begin") + "// quick-start:begin".length(),
                source.indexOf("// quick-start:end")).strip();
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(snippet), "README.md must contain the code of QuickStart.java between the quick-start markers");
    }

    @Test
    void quickStartLearnsTheAffineMap() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Locale locale = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ROOT);
            System.setOut(new PrintStream(captured, true));
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
            Locale.setDefault(locale);
        }
        Matcher m = Pattern.compile("weight (-?[0-9.]+), bias (-?[0-9.]+)").matcher(captured.toString());
        assertTrue(m.find(), "unexpected output: " + captured);
        assertEquals(3, Double.parseDouble(m.group(1)), 0.02);
        assertEquals(1, Double.parseDouble(m.group(2)), 0.02);
    }
}
