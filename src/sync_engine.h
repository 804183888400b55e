/*
 * The sync engine: pull (service -> Vtiger) and push (Vtiger -> service) per pair, with the
 * id map, echo suppression, conflicts, budgets and state persistence.
 */
#ifndef VTWS_SYNC_ENGINE_H
#define VTWS_SYNC_ENGINE_H

#include "php.h"
#include "sync_connector.h"
#include "sync_request.h"

/* Runs the connector; return_value receives a Vtws\Sync\Report (or nothing after throwing). */
void vtws_sync_run(vtws_sync_connector *c, HashTable *options, zval *return_value);

/* The request environment of a connector. */
void vtws_sync_request_env(const vtws_sync_connector *c, sync_request_env *env);

#endif
