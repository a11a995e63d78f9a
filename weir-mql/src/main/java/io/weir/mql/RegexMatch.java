package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code operand ==~ /regex/}: true when the pattern matches the whole value (a string, or a number's or boolean's
 * JSON text); {@code operand =~ 'regex'}: true when the value is a string in which the pattern is found anywhere.
 *
 * <p>Each thread reuses one {@link Matcher}, so a test allocates nothing. A match that reads more than
 * {@link #MAX_STEPS} characters (catastrophic backtracking) or overflows the stack is abandoned and counts as
 * no match, so a hostile pattern costs bounded time per record instead of stalling the caller.
 */
final class RegexMatch implements Condition {

    /** Character reads one match may spend. */
    static final int MAX_STEPS = 1_000_000;

    private final Operand operand;
    private final Pattern pattern;
    private final boolean whole;
    private final ThreadLocal<BoundedMatcher> matchers;

    /** {@code whole}: the pattern must match the whole value ({@code ==~}), else be found in it ({@code =~}). */
    RegexMatch(Operand operand, Pattern pattern, boolean whole) {
        this.operand = operand;
        this.pattern = pattern;
        this.whole = whole;
        this.matchers = ThreadLocal.withInitial(() -> new BoundedMatcher(pattern));
    }

    @Override
    public boolean test(JsonNode record) {
        JsonNode v = operand.value(record);
        if (v == null) {
            return false;
        }
        String s = v.isTextual() ? v.textValue() : whole && (v.isNumber() || v.isBoolean()) ? v.asText() : null;
        return s != null && s.length() <= RegexBudget.MAX_INPUT_CHARS && matchers.get().find(s, whole);
    }

    @Override
    public String toString() {
        return whole ? operand + " ==~ /" + pattern.pattern() + "/" : operand + " =~ '" + pattern.pattern().replace("'", "''") + "'";
    }

    /** One thread's matcher over a text that stops the match after {@link #MAX_STEPS} character reads. */
    private static final class BoundedMatcher {

        private final BudgetedText text = new BudgetedText();
        private final Matcher matcher;

        BoundedMatcher(Pattern pattern) {
            this.matcher = pattern.matcher(text);
        }

        boolean find(String s, boolean whole) {
            text.reset(s, MAX_STEPS);
            try {
                matcher.reset(text);
                return whole ? matcher.matches() : matcher.find();
            } catch (BudgetExceeded | StackOverflowError e) {
                // abandoned: a value this pattern cannot be matched against in bounded time or stack
                return false;
            } finally {
                text.reset("", 0);
                matcher.reset(text);
            }
        }
    }

    /** A string whose reads are counted against a budget. */
    private static final class BudgetedText implements CharSequence {

        private String s = "";
        private int budget;

        void reset(String text, int steps) {
            this.s = text;
            this.budget = steps;
        }

        @Override
        public char charAt(int index) {
            if (--budget < 0) {
                throw BudgetExceeded.INSTANCE;
            }
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }

    /** Thrown inside a match that ran out of budget; preallocated, without a stack trace. */
    private static final class BudgetExceeded extends RuntimeException {

        private static final long serialVersionUID = 1L;
        static final BudgetExceeded INSTANCE = new BudgetExceeded();

        private BudgetExceeded() {
            super("regex step budget exceeded", null, false, false);
        }
    }
}
