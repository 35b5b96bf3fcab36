package org.duplexnode.bag.sqlite;

/**
 * A row of the topics table. Older schemas lack offered_qos_profiles (schema 1) and
 * type_description_hash (before schema 4); those read as "".
 */
public record SqliteTopic(
    long id, String name, String type, String serializationFormat, String offeredQosProfiles,
    String typeDescriptionHash) {}
