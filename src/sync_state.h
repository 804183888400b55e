/*
 * Vtws\Sync\State: the state document of a sync connector (tokens, completeness flags, id
 * map) and what both stores share: the shape checks of apply()'s changes, merging changes
 * into a document, and Vtws\Sync\StateException.
 */
#ifndef VTWS_SYNC_STATE_H
#define VTWS_SYNC_STATE_H

#include "php.h"

extern zend_class_entry *vtws_ce_sync_state;
extern zend_class_entry *vtws_ce_sync_state_exception;
extern zend_class_entry *vtws_ce_file_state;
extern zend_class_entry *vtws_ce_pdo_state;

void vtws_file_state_setup_class(zend_class_entry *ce);
void vtws_pdo_state_setup_class(zend_class_entry *ce);

/* Throws Vtws\Sync\StateException; previous (ownership taken) may be NULL. */
void vtws_state_throw(zend_object *previous, const char *format, ...)
	ZEND_ATTRIBUTE_FORMAT(printf, 2, 3);

/* What is wrong with apply()'s $changes ("key \"pairs.Accounts.pull.token\" must be ..."),
 * NULL when the shape is valid. */
zend_string *vtws_state_changes_problem(HashTable *changes);

/* What is wrong with a stored document (the FileState file), NULL when it is valid. */
zend_string *vtws_state_document_problem(HashTable *document);

/* A direction as stored: the keys of pull (token, complete, retries) or push (token,
 * complete, failed) with their initial values, overwritten by the given keys of changes
 * (checked). stored may be NULL. */
void vtws_state_direction(zval *out, bool pull, HashTable *stored, HashTable *changes);

/* Applies checked changes to a document; *document is replaced by a new array in the
 * canonical key order (connector, synctype, pairs, idmap). */
void vtws_state_merge(zval *document, HashTable *changes);

#endif
