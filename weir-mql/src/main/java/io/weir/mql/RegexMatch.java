package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code operand =~ 'regex'}: true when the value is a string in which the pattern is found anywhere (anchor
 * with {@code ^} and {@code $} to match the whole string).
 *
 * <p>Each thread reuses one {@link Matcher}, so a test allocates nothing. A value longer than
 * {@link RegexBudget#MAX_INPUT_CHARS} does not match; a match that reads more than {@link #MAX_STEPS} characters
 * (catastrophic backtracking) or overflows the stack is abandoned and counts as no match, so a pattern costs bounded
 * time per record instead of stalling the caller ({@link RegexBudget} refuses the worst shapes at parse time).
 */
final class RegexMatch implements Condition {

    /** Character reads one match may spend. */
    static final int MAX_STEPS = 1_000_000;

    private final Operand operand;
    private final Pattern pattern;
    private final ThreadLocal<BoundedMatcher> matchers;

    RegexMatch(Operand operand, Pattern pattern) {
        this.operand = operand;
        this.pattern = pattern;
        this.matchers = ThreadLocal.withInitial(() -> new BoundedMatcher(pattern));
    }

    @Override
    public boolean test(JsonNode record) {
        JsonNode v = operand.value(record);
        return v != null && v.isTextual() && v.textValue().length() <= RegexBudget.MAX_INPUT_CHARS
                && matchers.get().find(v.textValue());
    }

    @Override
    public String toString() {
        return operand + " =~ '" + pattern.pattern().replace("'", "''") + "'";
    }

    /** One thread's matcher over a text that stops the match after {@link #MAX_STEPS} character reads. */
    private static final class BoundedMatcher {

        private final BudgetedText text = new BudgetedText();
        private final Matcher matcher;

        BoundedMatcher(Pattern pattern) {
            this.matcher = pattern.matcher(text);
        }

        boolean find(String s) {
            text.reset(s, MAX_STEPS);
            try {
                return matcher.reset(text).find();
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
