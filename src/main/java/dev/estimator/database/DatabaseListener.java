package dev.estimator.database;

import org.springframework.context.SmartLifecycle;

/**
 * A thread of its own that listens on a database session for as long as the application runs (LISTEN/NOTIFY on
 * PostgreSQL), started and stopped with the application context. A subclass writes {@link #listen()} as a loop
 * that goes on while {@link #listening()} and returns soon after it turns false (a wait of at most
 * {@code joinMillis / 2} at a time); stopping interrupts the thread and waits up to {@code joinMillis} for it.
 */
public abstract class DatabaseListener implements SmartLifecycle {

    private final String threadName;
    private final long joinMillis;
    private volatile boolean running;
    private Thread thread;

    protected DatabaseListener(String threadName, long joinMillis) {
        this.threadName = threadName;
        this.joinMillis = joinMillis;
    }

    /** Whether this instance listens at all (e.g. not on H2, which has one instance and no NOTIFY). */
    protected abstract boolean enabled();

    /** The loop of the thread; it returns once {@link #listening()} is false. */
    protected abstract void listen();

    /** Called on stop before the thread is interrupted, while it may still be listening. */
    protected void stopping() {
    }

    protected final boolean listening() {
        return running;
    }

    @Override
    public synchronized void start() {
        if (running || !enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::listen, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        Thread listener;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            listener = thread;
        }
        stopping();
        listener.interrupt();
        try {
            listener.join(joinMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
