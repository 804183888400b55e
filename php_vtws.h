/*
 * vtws: a Vtiger CRM webservice client for PHP.
 * Module entry point and process-wide settings.
 */
#ifndef PHP_VTWS_H
#define PHP_VTWS_H

extern zend_module_entry vtws_module_entry;
#define phpext_vtws_ptr &vtws_module_entry

#define PHP_VTWS_VERSION "0.1.0"

/* The Synergy! token endpoint allows this many requests per minute and source address. */
#define VTWS_SYNERGY_TOKEN_REQUESTS_PER_MINUTE 100

/* Process-wide defaults; every client can override them through its options. */
ZEND_BEGIN_MODULE_GLOBALS(vtws)
double default_timeout;
double default_connect_timeout;
char *user_agent;
char *ca_file;
/* Synergy! access tokens shared by every client with the same credentials, kept across
 * requests of the process (see src/synergy_auth.c). */
HashTable *synergy_tokens;
double synergy_token_requests[VTWS_SYNERGY_TOKEN_REQUESTS_PER_MINUTE]; /* a ring of times */
uint32_t synergy_token_request_next;
ZEND_END_MODULE_GLOBALS(vtws)

ZEND_EXTERN_MODULE_GLOBALS(vtws)
#define VTWS_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(vtws, v)

#if defined(ZTS) && defined(COMPILE_DL_VTWS)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif /* PHP_VTWS_H */
