package dev.iamlocal.store;

/** A user, group or role a managed policy is attached to (for ListEntitiesForPolicy). */
public record PolicyEntity(EntityType type, String name, String id, String path) {}
