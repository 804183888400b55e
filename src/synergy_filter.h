/*
 * Record filters and orders of the Synergy! Record API, checked before they are sent:
 * "{property}_{operator}" keys, AND/OR arrays, the documented limits (20 keys per object,
 * 10 elements per AND/OR, 3 levels) and, when the definition's types are known, the
 * operators each type allows.
 */
#ifndef VTWS_SYNERGY_FILTER_H
#define VTWS_SYNERGY_FILTER_H

#include "php.h"

#define VTWS_SYNERGY_FILTER_MAX_KEYS 20
#define VTWS_SYNERGY_FILTER_MAX_ITEMS 10
#define VTWS_SYNERGY_FILTER_MAX_DEPTH 3
#define VTWS_SYNERGY_ORDER_MAX 2

/* Checks a filter and puts its JSON-ready form into *out (every filter object, empty ones
 * included, encodes as a JSON object). types: property => x-synergy-type, or NULL when
 * unknown. Throws ValueError/TypeError naming argument arg and the offending key. */
zend_result vtws_synergy_filter_prepare(HashTable *filter, const HashTable *types, uint32_t arg,
	zval *out);

/* Checks an order: at most 2 strings "prop_asc", "prop_desc" or "prop". Throws naming the
 * option of argument arg. */
zend_result vtws_synergy_order_check(zval *order, const HashTable *types, uint32_t arg);

#endif
