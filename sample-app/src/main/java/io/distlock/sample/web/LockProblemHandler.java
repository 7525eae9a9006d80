package io.distlock.sample.web;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.distlock.LockAcquisitionException;
import io.distlock.LockUnavailableException;

/**
 * Turns lock failures into {@code application/problem+json} answers:
 * <ul>
 * <li>{@link LockAcquisitionException}: 409 Conflict, someone else holds the lock (another
 * request for the same product, a payment with the same key within its window...); the body names
 * the lock and the wait;</li>
 * <li>{@link LockUnavailableException}: 503, Redis could not be reached;</li>
 * <li>{@link IllegalArgumentException}: 400.</li>
 * </ul>
 */
@RestControllerAdvice
public class LockProblemHandler {

    /**
     * Someone else holds the lock.
     * @param ex the failure
     * @return a 409 problem
     */
    @ExceptionHandler(LockAcquisitionException.class)
    public ProblemDetail lockBusy(LockAcquisitionException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Locked by a concurrent request");
        problem.setProperty("lock", ex.getKey());
        Duration waitTime = ex.getWaitTime();
        if (waitTime != null) {
            problem.setProperty("waitTime", waitTime.toString());
        }
        return problem;
    }

    /**
     * Redis could not be reached.
     * @param ex the failure
     * @return a 503 problem
     */
    @ExceptionHandler(LockUnavailableException.class)
    public ProblemDetail lockUnavailable(LockUnavailableException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle("Lock service unavailable");
        return problem;
    }

    /**
     * A bad request.
     * @param ex the failure
     * @return a 400 problem
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ProblemDetail badRequest(IllegalArgumentException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Bad request");
        return problem;
    }
}
