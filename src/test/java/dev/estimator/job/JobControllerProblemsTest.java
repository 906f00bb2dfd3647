package dev.estimator.job;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.estimator.domain.Conflict;
import dev.estimator.domain.FieldError;

/**
 * How the job endpoints answer a refusal, without the rest of the application: the service is a stand-in that
 * throws domain errors, and the one advice must turn each into problem details with its status, stable type,
 * fixed title, facts and Retry-After. JSON the controller cannot read never reaches the service at all.
 */
@WebMvcTest(JobController.class)
@AutoConfigureMockMvc(addFilters = false)
class JobControllerProblemsTest {

    static final String PROBLEMS = "https://estimator.dev/problems/";
    static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobService jobs;
    @MockitoBean
    JobLossReads losses;
    @MockitoBean
    JobWatch watch;
    @MockitoBean
    JobViews views;

    @BeforeEach
    void caller() {
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("team", null, "ROLE_USER"));
    }

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private ResultActions submit(String json) throws Exception {
        return mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static void problem(ResultActions r, int status, String code, String title) throws Exception {
        r.andExpect(status().is(status))
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.type").value(PROBLEMS + code))
                .andExpect(jsonPath("$.title").value(title))
                .andExpect(jsonPath("$.status").value(status));
    }

    @Test
    void anUnknownJobIsANotFoundProblemAtItsPath() throws Exception {
        given(jobs.get(eq(ID), any())).willThrow(new JobNotFound(ID));
        ResultActions r = mvc.perform(get("/api/v1/jobs/" + ID));
        problem(r, 404, "not-found", "Resource not found");
        r.andExpect(jsonPath("$.detail").value("job " + ID + " does not exist"))
                .andExpect(jsonPath("$.instance").value("/api/v1/jobs/" + ID));
    }

    @Test
    void anInvalidSpecListsEveryViolation() throws Exception {
        given(jobs.submit(any(), any(), any(), any())).willThrow(new InvalidSpec("the job spec has invalid fields",
                List.of(new FieldError("target", "is required"), new FieldError("optimizer.learningRate",
                        "must be greater than 0"))));
        ResultActions r = submit("{\"datasetId\": \"" + ID + "\"}");
        problem(r, 400, "invalid-request", "Invalid request");
        r.andExpect(jsonPath("$.errors[0].field").value("target"))
                .andExpect(jsonPath("$.errors[1].field").value("optimizer.learningRate"))
                .andExpect(jsonPath("$.errors[1].message").value("must be greater than 0"));
    }

    @Test
    void aFullQueueIsTooManyRequestsWithRetryAfter() throws Exception {
        given(jobs.submit(any(), any(), any(), any())).willThrow(new QueueFull(1000, 1000));
        ResultActions r = submit("{}");
        problem(r, 429, "queue-full", "Job queue full");
        r.andExpect(header().string("Retry-After", "5"));
    }

    @Test
    void cancellingAFinishedJobIsAConflict() throws Exception {
        given(jobs.cancel(eq(ID), any())).willThrow(new JobFinished(ID, JobStatus.SUCCEEDED));
        problem(mvc.perform(post("/api/v1/jobs/" + ID + "/cancel")), 409, "job-finished", "Job already finished");
    }

    @Test
    void aResultBeforeTheJobEndsIsAConflictWithRetryAfter() throws Exception {
        given(jobs.result(eq(ID), any())).willThrow(new Conflict("job-not-succeeded", "Job has no result", "later")
                .retryAfter(1));
        ResultActions r = mvc.perform(get("/api/v1/jobs/" + ID + "/result"));
        problem(r, 409, "job-not-succeeded", "Job has no result");
        r.andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void aMalformedIdIsNamedWithoutAskingTheService() throws Exception {
        ResultActions r = mvc.perform(get("/api/v1/jobs/1-2-3-4-5"));
        problem(r, 400, "invalid-request", "Invalid request");
        r.andExpect(jsonPath("$.errors[0].field").value("id"));
    }

    @Test
    void aLostDatabaseIsServiceUnavailableAndAnythingElseAnInternalErrorWithoutItsInsides() throws Exception {
        given(jobs.get(eq(ID), any())).willThrow(new CannotGetJdbcConnectionException("pool timed out"));
        ResultActions outage = mvc.perform(get("/api/v1/jobs/" + ID));
        problem(outage, 503, "database-unavailable", "Database unavailable");
        outage.andExpect(header().string("Retry-After", "5"));

        given(jobs.get(eq(ID), any())).willThrow(new IllegalStateException("secret internals"));
        ResultActions bug = mvc.perform(get("/api/v1/jobs/" + ID));
        problem(bug, 500, "internal", "Internal error");
        bug.andExpect(jsonPath("$.detail").value("An internal error occurred"));
    }

    // From ClientInputTests: what Jackson refuses is named in JSON terms, before any service sees the request.

    @Test
    void aFractionalWholeNumberIsRefusedRatherThanTruncated() throws Exception {
        ResultActions fraction = submit("{\"datasetId\": \"" + ID + "\", \"target\": \"y\", "
                + "\"optimizer\": {\"maxIterations\": 1.5}}");
        problem(fraction, 400, "invalid-request", "Invalid request");
        fraction.andExpect(jsonPath("$.errors[0].field").value("optimizer.maxIterations"))
                .andExpect(jsonPath("$.detail").value(
                        "invalid value for 'optimizer.maxIterations': expected a whole number"));
        submit("{\"datasetId\": \"" + ID + "\", \"target\": \"y\", \"seed\": 4.2}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("seed"));
    }

    @Test
    void aValueOfTheWrongJsonShapeIsNamedInJsonTermsNotJavaOnes() throws Exception {
        submit("[]").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.detail").value("the request body must be a JSON object"));
        submit("{\"datasetId\": \"" + ID + "\", \"target\": \"y\", \"features\": \"x1\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("features"))
                .andExpect(jsonPath("$.detail").value("invalid value for 'features': expected an array"));
        submit("{\"datasetId\": \"" + ID + "\", \"target\": \"y\", \"optimizer\": [1]}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("optimizer"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("expected an object"),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("java.")))));
        mvc.perform(post("/api/v1/jobs/" + ID + "/predictions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"rows\": [[1, 2]]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("rows[0]"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("expected an object")));
    }
}
