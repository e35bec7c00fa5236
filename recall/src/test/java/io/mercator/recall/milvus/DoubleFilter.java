package io.mercator.recall.milvus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Milvus's boolean expressions {@link MilvusProtocolDouble} evaluates: clauses joined by
 * {@code and}, each {@code field == literal}, {@code field != literal} or
 * {@code field in [literal, ...]}, literals being double-quoted strings or numbers. That covers the
 * delete expression the SDK builds from ids ({@code listing_id in ["a","b"]}) and the attribute
 * filters this project uses. Anything else is rejected, so a test never passes on an expression the
 * double silently misread. A null attribute matches no comparison, as in Milvus.
 */
final class DoubleFilter {

    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(==|!=|\\bin\\b)\\s*(\\[[^\\]]*\\]|\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*)\\s*");
    private static final Pattern LITERAL = Pattern.compile("\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*)\\s*(,|$)");

    private DoubleFilter() {
    }

    /** A predicate over a row's fields; throws IllegalArgumentException outside the subset. */
    static Predicate<Map<String, Object>> parse(String expression) {
        if (expression == null || expression.isBlank()) {
            return row -> true;
        }
        List<Predicate<Map<String, Object>>> clauses = new ArrayList<>();
        for (String clause : expression.split("\\s+and\\s+")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw new IllegalArgumentException("expression outside the protocol double's subset: " + expression);
            }
            String field = m.group(1);
            String op = m.group(2);
            String operand = m.group(3);
            if (op.equals("in")) {
                if (!operand.startsWith("[")) {
                    throw new IllegalArgumentException("'in' needs a list: " + expression);
                }
                List<Object> values = literals(operand.substring(1, operand.length() - 1), expression);
                clauses.add(row -> row.get(field) != null && values.stream().anyMatch(v -> same(row.get(field), v)));
            } else {
                Object value = literal(operand, expression);
                boolean equal = op.equals("==");
                clauses.add(row -> row.get(field) != null && same(row.get(field), value) == equal);
            }
        }
        return row -> clauses.stream().allMatch(c -> c.test(row));
    }

    private static List<Object> literals(String list, String expression) {
        List<Object> out = new ArrayList<>();
        Matcher m = LITERAL.matcher(list);
        int at = 0;
        while (at < list.length() && m.find(at) && m.start() == at) {
            out.add(literal(m.group(1), expression));
            at = m.end();
        }
        if (at != list.length() && !list.isBlank()) {
            throw new IllegalArgumentException("bad list in expression: " + expression);
        }
        return out;
    }

    private static Object literal(String text, String expression) {
        if (text.startsWith("\"")) {
            return text.substring(1, text.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad literal " + text + " in expression: " + expression);
        }
    }

    private static boolean same(Object stored, Object literal) {
        if (stored instanceof Number n && literal instanceof Double d) {
            return n.doubleValue() == d;
        }
        return Objects.equals(stored, literal);
    }
}
