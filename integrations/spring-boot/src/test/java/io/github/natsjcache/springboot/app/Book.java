package io.github.natsjcache.springboot.app;

import java.io.Serializable;

/** A cached value: an application class, which {@code serialization.allowList} admits (Spring's caches are untyped). */
public record Book(String id, String title) implements Serializable {}
