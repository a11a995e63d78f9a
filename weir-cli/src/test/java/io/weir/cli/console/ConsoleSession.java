package io.weir.cli.console;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The web console in a {@link Browser}: signing in and finding what a page shows. */
final class ConsoleSession {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final Browser browser;
    private final String masterUrl;

    ConsoleSession(Browser browser, String masterUrl) {
        this.browser = browser;
        this.masterUrl = masterUrl;
    }

    /** Opens the console with no token kept, signs in with {@code token} and waits until the session's role shows. */
    void signIn(String token, String role) {
        submitToken(token);
        browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "(" + role + ")"));
    }

    /** Signs in with a token the master refuses and answers the sentence the form then shows. */
    String signInRefused(String token) {
        submitToken(token);
        return browser.waiting(WAIT).until(d -> {
            String text = d.findElement(By.id("signin-error")).getText();
            return text.isEmpty() ? null : text;
        });
    }

    private void submitToken(String token) {
        browser.driver.get(masterUrl + "/#/jobs");
        browser.script("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        var input = browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        input.sendKeys(token);
        browser.driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    }

    /** Shows {@code hash} (e.g. {@code #/jobs/wc-1}) without reloading the page. */
    void open(String hash) {
        browser.script("location.hash = arguments[0]", hash);
    }

    List<WebElement> all(String css) {
        return browser.driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        return browser.waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
    }

    /**
     * Clicks the element {@code css} finds, finding it again when the page redrew it between finding and clicking (live
     * updates replace elements at any moment; the wait retries a stale element).
     */
    void click(String css) {
        browser.waiting(WAIT).until(d -> {
            one(css).click();
            return true;
        });
    }

    /** Waits until the page shows {@code count} elements matching {@code css}. */
    void waitFor(String css, int count) {
        browser.waiting(WAIT).until(d -> d.findElements(By.cssSelector(css)).size() == count);
    }

    /** Starts recording (time, class) each time the page redraws the tile of worker {@code index} of {@code stage}. */
    void watchTile(int stage, int index) {
        browser.script("window.weirNotReloaded = true; window.weirSeen = [];"
                + " new MutationObserver(() => { const t = document.querySelector(\".stage[data-stage='" + stage + "'] .tile[data-worker-index='"
                + index + "']\"); if (t) window.weirSeen.push([Date.now(), t.className]); })"
                + ".observe(document.getElementById('view'), {childList: true, subtree: true});");
    }

    /** The first time since {@code since} the watched tile's class contained {@code cls}, or 0. */
    long tileSeenSince(long since, String cls) {
        @SuppressWarnings("unchecked")
        var seen = (List<List<Object>>) browser.script("return window.weirSeen");
        return seen.stream().filter(e -> ((Number) e.get(0)).longValue() >= since && ((String) e.get(1)).contains(cls))
                .mapToLong(e -> ((Number) e.get(0)).longValue()).findFirst().orElse(0);
    }

    /** Whether the page was never reloaded since {@link #watchTile}. */
    boolean notReloaded() {
        return Boolean.TRUE.equals(browser.script("return window.weirNotReloaded === true"));
    }

    /** Fills the confirmation dialog's field {@code name}, confirms, and answers the error the dialog then shows. */
    String refused(String name, String value) {
        browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        var field = browser.driver.findElement(By.cssSelector("#confirm input[name='" + name + "']"));
        field.clear();
        field.sendKeys(value);
        browser.driver.findElement(By.id("confirm-ok")).click();
        return browser.waiting(WAIT).until(d -> {
            String text = d.findElement(By.id("confirm-error")).getText();
            return text.isEmpty() ? null : text;
        });
    }

    /** Closes the confirmation dialog without doing anything. */
    void cancel() {
        browser.driver.findElement(By.id("confirm-cancel")).click();
        browser.waiting(WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
    }

    /** Fills the confirmation dialog's field {@code name} (null: none) and confirms. */
    void confirm(String name, String value) {
        browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        if (name != null) {
            var field = browser.driver.findElement(By.cssSelector("#confirm input[name='" + name + "']"));
            field.clear();
            field.sendKeys(value);
        }
        browser.driver.findElement(By.id("confirm-ok")).click();
        browser.waiting(WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
    }
}
