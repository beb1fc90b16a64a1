package dev.imagegen.it.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A logger with every level on that renders each call fully (message, arguments, stack trace) into CapturedLogs. */
final class CapturingLogger extends AbstractLogger {

    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
        this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        StringBuilder sb = new StringBuilder();
        sb.append(level).append(' ').append(name).append(" [").append(Thread.currentThread().getName()).append("] ");
        sb.append(MessageFormatter.basicArrayFormat(pattern, args));
        if (t != null) {
            // the whole trace: messages of every cause and suppressed exception must be free of secrets too
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            sb.append(System.lineSeparator()).append(w);
        }
        CapturedLogs.add(sb.toString());
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return true;
    }
}
