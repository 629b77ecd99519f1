package dev.portrait.picture;

import java.util.UUID;
import org.springframework.web.util.HtmlUtils;

/**
 * The picture shown for someone who has none: the first letter of the username on a colour of
 * their own. Plain shapes and text only: no script, no link, nothing loaded from elsewhere.
 */
final class InitialsAvatar {

    private InitialsAvatar() {}

    static String svg(UUID userId, String username, int size) {
        String initial = username.isEmpty()
                ? "?"
                : new String(Character.toChars(Character.toUpperCase(username.codePointAt(0))));
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 100 100" \
                role="img" aria-label="%s">\
                <rect width="100" height="100" fill="%s"/>\
                <text x="50" y="50" dy="0.35em" text-anchor="middle" font-family="system-ui, sans-serif" \
                font-size="50" fill="#ffffff">%s</text></svg>
                """.formatted(size, size, HtmlUtils.htmlEscape(initial), colour(userId), HtmlUtils.htmlEscape(initial));
    }

    /** A hue from the id, so a person keeps their colour; saturation and lightness keep white text legible. */
    static String colour(UUID userId) {
        int hue = Math.floorMod(userId.hashCode(), 360);
        return "hsl(%d,55%%,40%%)".formatted(hue);
    }
}
