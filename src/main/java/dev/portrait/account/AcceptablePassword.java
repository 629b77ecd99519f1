package dev.portrait.account;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jspecify.annotations.Nullable;

/** A password of 8 to 128 characters that is not on the list of the most common ones. */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AcceptablePassword.Validator.class)
@interface AcceptablePassword {

    int MIN_LENGTH = 8;
    int MAX_LENGTH = 128;

    String message() default "must be 8 to 128 characters and not a commonly used password";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<AcceptablePassword, String> {

        @Override
        public boolean isValid(@Nullable String password, ConstraintValidatorContext context) {
            if (password == null) {
                return true; // @NotNull reports absence
            }
            int length = password.codePointCount(0, password.length());
            String problem = length < MIN_LENGTH
                    ? "must be at least 8 characters"
                    : length > MAX_LENGTH
                            ? "must be at most 128 characters"
                            : CommonPasswords.contains(password)
                                    ? "is too common; choose a less guessable password"
                                    : null;
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
