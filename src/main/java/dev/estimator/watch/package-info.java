/**
 * Long polls and event streams over HTTP, for any feature's edge: who waits on which id, waking them when what
 * they watch changes, and sweeping those that time out. Features feed them their own domain views; this package
 * knows nothing of jobs or searches.
 */
package dev.estimator.watch;
