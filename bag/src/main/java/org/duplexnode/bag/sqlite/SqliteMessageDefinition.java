package org.duplexnode.bag.sqlite;

/** A row of the message_definitions table (schema 4 and later). */
public record SqliteMessageDefinition(
    String topicType, String encoding, String encodedMessageDefinition, String typeDescriptionHash) {}
