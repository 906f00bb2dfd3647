package dev.estimator.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's answer to the errors it meets before the application sees a request (a request line, URI or
 * header it cannot parse, headers over the size limit, an unsupported HTTP version) as RFC 9457 problem
 * details, like every other error of the service, in place of Tomcat's HTML error page. It also covers any
 * error status that leaves the application without a body.
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.shared();

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as the HTML report: only an error the response has not answered yet, and only once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ApiException.TYPE_BASE + (status == 400 ? "malformed-request" : "http-" + status));
        body.put("title", known != null ? known.getReasonPhrase() : "Error");
        body.put("status", status);
        body.put("detail", detail(status, response.getMessage(), throwable));
        String uri = request.getRequestURI();
        if (uri != null && !uri.isEmpty()) {
            body.put("instance", uri);
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed meanwhile: nothing more to send
        }
    }

    /**
     * Tomcat's own words for parse errors (e.g. "Request header is too large"), which name what to fix and no
     * internals; a general sentence otherwise.
     */
    private static String detail(int status, String message, Throwable throwable) {
        if (throwable instanceof IllegalArgumentException && throwable.getMessage() != null) {
            return throwable.getMessage();
        }
        if (message != null && !message.isBlank()) {
            return message;
        }
        if (status == 400) {
            return "the request could not be read: its request line, URI or headers are malformed, or its headers "
                    + "are over the size limit";
        }
        return status >= 500 ? "the server could not handle the request" : "the request was refused";
    }
}
