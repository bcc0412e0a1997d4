package io.github.natsjcache.springboot.app;

import java.io.Serializable;

/** A cached value: an application class, which the provider's default deserialization filter must admit. */
public record Book(String id, String title) implements Serializable {}
