package dev.portrait.profile;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jspecify.annotations.Nullable;

/**
 * A bio: at most 500 characters (code points, so an emoji counts once), kept exactly as typed, with
 * no control characters other than newline. Escaping is the renderer's job, not ours.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Bio.Validator.class)
public @interface Bio {

    int MAX_LENGTH = 500;

    String message() default "must be at most 500 characters without control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The one place the bio rule lives; validators and services both ask it. */
    final class Rule {

        private Rule() {}

        /** Why {@code text} is not an acceptable bio, or null when it is. */
        public static @Nullable String problem(String text) {
            int length = text.codePointCount(0, text.length());
            if (length > MAX_LENGTH) {
                return "must be at most %d characters (got %d)".formatted(MAX_LENGTH, length);
            }
            int bad = text.codePoints()
                    .filter(c -> c != '\n' && Character.getType(c) == Character.CONTROL)
                    .findFirst()
                    .orElse(-1);
            if (bad >= 0) {
                return "must not contain control characters (found U+%04X); only newline is allowed".formatted(bad);
            }
            // Half of a surrogate pair is no character: PostgreSQL would store it as '?'.
            int lone = text.codePoints()
                    .filter(c -> Character.getType(c) == Character.SURROGATE)
                    .findFirst()
                    .orElse(-1);
            if (lone >= 0) {
                return "must not contain half of a surrogate pair (found U+%04X)".formatted(lone);
            }
            return null;
        }
    }

    final class Validator implements ConstraintValidator<Bio, String> {

        @Override
        public boolean isValid(@Nullable String text, ConstraintValidatorContext context) {
            String problem = text == null ? null : Rule.problem(text);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
