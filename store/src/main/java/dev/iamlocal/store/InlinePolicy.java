package dev.iamlocal.store;

/** An inline policy embedded in a user, group or role. */
public record InlinePolicy(String name, String document) {}
