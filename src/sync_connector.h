/*
 * Vtws\Sync\Connector, Vtws\Sync\Report and Vtws\Sync\LoadException.
 */
#ifndef VTWS_SYNC_CONNECTOR_H
#define VTWS_SYNC_CONNECTOR_H

#include "php.h"
#include "sync_model.h"
#include "sync_http.h"

extern zend_class_entry *vtws_ce_sync_load_exception;
extern zend_class_entry *vtws_ce_sync_connector;
extern zend_class_entry *vtws_ce_sync_report;

typedef enum { SYNC_CONFLICT_NEWEST, SYNC_CONFLICT_SERVICE, SYNC_CONFLICT_VTIGER } sync_conflict;

typedef struct {
	sync_model model;
	bool loaded;
	zend_string *name; /* connector name: state document, limit option keys */
	zval vtiger; /* Vtws\Client or UNDEF */
	zval config; /* effective config values: defaults overlaid with the given ones */
	zval state; /* object implementing Vtws\Sync\State, or UNDEF */
	zval memory; /* the state document kept in memory */
	zval progress, logger, clock; /* UNDEF when not given */
	zval limits; /* option keys ..._SYNC_RECORDS_LIMIT[_CLI] => int */
	zval warnings;
	sync_conflict conflict;
	zend_long budget; /* 0: 100 interactive, 500 from cron */
	bool cron;
	bool strict;
	bool urlencode;
	zend_long records_from_months; /* -1: fetch all */
	zend_string *bearer;
	sync_http_options http;
	zend_object std;
} vtws_sync_connector;

static inline vtws_sync_connector *vtws_sync_connector_from_obj(zend_object *obj)
{
	return (vtws_sync_connector *) ((char *) obj - XtOffsetOf(vtws_sync_connector, std));
}

/* Registers the classes; called from MINIT after the exception hierarchy exists. */
void vtws_sync_minit(void);

/* Sends a message to the logger option (if any). context may be NULL. */
void vtws_sync_log(vtws_sync_connector *c, const char *level, zval *context, const char *format,
	...) ZEND_ATTRIBUTE_FORMAT(printf, 4, 5);

/* The connector's current time (clock option or time()). */
zend_long vtws_sync_now(vtws_sync_connector *c);

/* A Report object around a report array (ownership taken). */
void vtws_sync_report_create(zval *out, zval *report);

/* Throws Vtws\Sync\LoadException. */
void vtws_sync_throw_load(zend_long line, const char *element, const char *format, ...)
	ZEND_ATTRIBUTE_FORMAT(printf, 3, 4);

#endif
