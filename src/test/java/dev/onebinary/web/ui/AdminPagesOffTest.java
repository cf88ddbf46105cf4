package dev.onebinary.web.ui;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With the pages off (the default) nothing is served under /admin, not even a login challenge or an asset. */
@QuarkusTest
class AdminPagesOffTest {

    @Test
    void offByDefaultEveryAdminPathIs404AndAsksForNoLogin() {
        for (String path : List.of("/admin", "/admin/", "/admin/schema", "/admin/api/live", "/admin/assets/admin.js")) {
            given().get(path).then().statusCode(404).header("WWW-Authenticate", org.hamcrest.Matchers.nullValue());
            given().auth()
                    .preemptive()
                    .basic(AdminPagesTest.USER, AdminPagesTest.PASSWORD)
                    .get(path)
                    .then()
                    .statusCode(404);
        }
    }
}
