package dev.estimator.dataset;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import de.siegmar.fastcsv.reader.RecordType;

import dev.estimator.domain.DomainException;

/**
 * Runs FastCSV (RFC 4180: quotes, doubled quotes, CR LF or LF) over a reader and hands each field to a
 * {@link RecordVisitor} as a range of FastCSV's own buffer: no String per field, which is most of the cost
 * of parsing numbers. Empty lines are skipped. Field counts are left to the visitor, which knows the header.
 * FastCSV wraps exceptions thrown from the visitor or the reader; they are unwrapped here, and FastCSV's own
 * syntax errors become 400s naming the line.
 */
final class CsvScanner {

    /** Receives the records of a CSV in order; fields arrive between {@code beginRecord} and {@code endRecord}. */
    interface RecordVisitor {

        void beginRecord(long line);

        /** The buffer is FastCSV's and only valid during the call. */
        void field(int index, char[] buf, int offset, int length);

        void endRecord(long line, int fieldCount);
    }

    private static final Pattern RECORD_LINE = Pattern.compile("line (\\d+)");

    private CsvScanner() {
    }

    static void scan(Reader reader, char delimiter, RecordVisitor visitor) {
        Handler handler = new Handler(visitor);
        try (CsvReader<Boolean> csv = CsvReader.builder()
                .fieldSeparator(delimiter)
                .skipEmptyLines(true)
                .allowUnclosedQuote(false)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .build(handler, reader)) {
            var records = csv.iterator();
            while (records.hasNext()) {
                records.next();
            }
        } catch (CsvParseException | UncheckedIOException e) {
            throw translate(e, handler.line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RuntimeException translate(RuntimeException e, long currentLine) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DomainException refusal) {
                return refusal;
            }
        }
        if (e instanceof CsvParseException && e.getCause() == null) {
            String message = String.valueOf(e.getMessage());
            long line = lineOf(message, currentLine);
            if (message.contains("Unclosed quoted field")) {
                return CsvProblems.unterminatedQuote(line);
            }
            return CsvProblems.malformed(line, message.replaceAll("\\s*\\(record starting at line \\d+\\)", ""));
        }
        return e;
    }

    private static long lineOf(String message, long fallback) {
        Matcher m = RECORD_LINE.matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : Math.max(fallback, 1);
    }

    private static final class Handler extends AbstractBaseCsvCallbackHandler<Boolean> {

        private final RecordVisitor visitor;
        private long line;

        Handler(RecordVisitor visitor) {
            this.visitor = visitor;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            line = startingLineNumber;
            visitor.beginRecord(startingLineNumber);
        }

        @Override
        protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
            visitor.field(fieldIdx, buf, offset, len);
        }

        @Override
        protected Boolean buildRecord() {
            if (getRecordType() == RecordType.DATA) {
                visitor.endRecord(line, getFieldCount());
            }
            return Boolean.TRUE;
        }
    }
}
