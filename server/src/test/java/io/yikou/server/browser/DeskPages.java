package io.yikou.server.browser;

import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** Steps on the desk pages that several browser tests take: log in, log out, read the navigation. */
public final class DeskPages {

    private final Browser browser;
    private final String baseUrl;

    public DeskPages(Browser browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    public WebDriver driver() {
        return browser.driver();
    }

    /** Opens a path of the server, such as {@code /desk/users}. */
    public void open(String path) {
        driver().get(baseUrl + path);
    }

    /** Submits the login form and waits for the page after it; fails the test on a login error. */
    public void logIn(String username, String password) {
        submitLogin(username, password);
        browser.waiting().until(visibilityOfElementLocated(By.id("signed-in")));
        browser.waiting().until(d -> !d.findElement(By.id("signed-in")).getText().isEmpty());
    }

    /** Submits the login form and returns the message the page shows. */
    public String logInExpectingError(String username, String password) {
        submitLogin(username, password);
        WebElement message = browser.waiting().until(visibilityOfElementLocated(By.id("login-message")));
        browser.waiting().until(d -> !message.getText().isEmpty());
        return message.getText();
    }

    private void submitLogin(String username, String password) {
        if (!driver().getCurrentUrl().contains("/desk/login")) {
            open("/desk/login");
        }
        WebElement form = browser.waiting().until(visibilityOfElementLocated(By.id("login-form")));
        WebElement name = form.findElement(By.name("username"));
        name.clear();
        name.sendKeys(username);
        WebElement secret = form.findElement(By.name("password"));
        secret.clear();
        secret.sendKeys(password);
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("login-submit"))).click();
    }

    /** Clicks logout and waits for the login page. */
    public void logOut() {
        driver().findElement(By.id("logout")).click();
        browser.waiting().until(visibilityOfElementLocated(By.id("login-form")));
    }

    /** Returns the data-nav ids of the navigation entries shown. */
    public List<String> navigation() {
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#nav-list [data-nav]")).isEmpty());
        return driver().findElements(By.cssSelector("#nav-list [data-nav]")).stream()
                .map(element -> element.getAttribute("data-nav")).toList();
    }

    /** Fills and submits the create-account form on the users page. */
    public void createUser(String username, String displayName, String roleCode, String password) {
        WebElement form = browser.waiting().until(visibilityOfElementLocated(By.id("create-form")));
        form.findElement(By.name("username")).sendKeys(username);
        form.findElement(By.name("displayName")).sendKeys(displayName);
        new Select(form.findElement(By.name("role"))).selectByValue(roleCode);
        form.findElement(By.name("password")).sendKeys(password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Waits until the users table has a row for a login name and returns it. */
    public WebElement userRow(String username) {
        By row = By.cssSelector("#users-rows tr[data-username='" + username + "']");
        return browser.waiting().until(visibilityOfElementLocated(row));
    }
}
