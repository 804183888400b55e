/*
 * vtws: module registration only. Classes, transport and codecs live in src/.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "ext/standard/info.h"
#include "ext/spl/spl_exceptions.h"
#include "zend_interfaces.h"
#include "zend_exceptions.h"
#include "zend_attributes.h"
#include <curl/curl.h>
#include <openssl/opensslv.h>
#include <openssl/crypto.h>

#include "php_vtws.h"
#include "src/errors.h"
#include "src/client.h"
#include "src/row_iterator.h"
#include "src/decode.h"
#include "src/encode.h"
#include "src/vtql.h"
#include "src/registry.h"
#include "src/sync_connector.h"
#include "src/synergy.h"
#include "src/synergy_auth.h"
#include "src/sync_state.h"
#include "stubs/vtws_arginfo.h"
#include "stubs/sync_state_arginfo.h"

ZEND_DECLARE_MODULE_GLOBALS(vtws)

PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("vtws.default_timeout", "30", PHP_INI_ALL, OnUpdateReal, default_timeout,
		zend_vtws_globals, vtws_globals)
	STD_PHP_INI_ENTRY("vtws.default_connect_timeout", "10", PHP_INI_ALL, OnUpdateReal,
		default_connect_timeout, zend_vtws_globals, vtws_globals)
	STD_PHP_INI_ENTRY("vtws.user_agent", "vtws/" PHP_VTWS_VERSION, PHP_INI_ALL, OnUpdateString,
		user_agent, zend_vtws_globals, vtws_globals)
	STD_PHP_INI_ENTRY("vtws.ca_file", "", PHP_INI_ALL, OnUpdateString, ca_file, zend_vtws_globals,
		vtws_globals)
PHP_INI_END()

/* Written out rather than with PHP_GINIT_FUNCTION, whose parameter would shadow the
 * vtws_globals of a non-thread-safe build. */
static void vtws_init_globals(zend_vtws_globals *globals)
{
#if defined(COMPILE_DL_VTWS) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(globals, 0, sizeof(*globals));
}

/* Runs after MSHUTDOWN (and per thread in a thread-safe build). */
static void vtws_shutdown_globals(zend_vtws_globals *globals)
{
	vtws_synergy_tokens_free(&globals->synergy_tokens);
}

static PHP_MINIT_FUNCTION(vtws)
{
	REGISTER_INI_ENTRIES();
	/* libcurl's global state is not thread-safe to set up lazily, so do it once here. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		return FAILURE;
	}
	/* The generated register_class_*() helpers are static in the arginfo header, so every
	 * class is registered here and each unit only installs its object handlers. */
	vtws_ce_exception = register_class_Vtws_Exception(zend_ce_throwable);
	vtws_ce_api_exception = register_class_Vtws_ApiException(spl_ce_RuntimeException,
		vtws_ce_exception);
	vtws_ce_transport_exception = register_class_Vtws_TransportException(spl_ce_RuntimeException,
		vtws_ce_exception);
	vtws_ce_protocol_exception = register_class_Vtws_ProtocolException(
		spl_ce_UnexpectedValueException, vtws_ce_exception);
	vtws_ce_conflict_exception = register_class_Vtws_ConflictException(spl_ce_RuntimeException,
		vtws_ce_exception);
	vtws_ce_client = register_class_Vtws_Client();
	vtws_client_setup_class(vtws_ce_client);
	vtws_ce_row_iterator = register_class_Vtws_RowIterator(zend_ce_iterator);
	vtws_row_iterator_setup_class(vtws_ce_row_iterator);
	vtws_registry_minit();
	vtws_sync_minit();
	vtws_synergy_minit();
	vtws_ce_sync_state = register_class_Vtws_Sync_State();
	vtws_ce_sync_state_exception = register_class_Vtws_Sync_StateException(spl_ce_RuntimeException,
		vtws_ce_exception);
	vtws_ce_file_state = register_class_Vtws_Sync_FileState(vtws_ce_sync_state);
	vtws_file_state_setup_class(vtws_ce_file_state);
	vtws_ce_pdo_state = register_class_Vtws_Sync_PdoState(vtws_ce_sync_state);
	vtws_pdo_state_setup_class(vtws_ce_pdo_state);
	return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(vtws)
{
	curl_global_cleanup();
	UNREGISTER_INI_ENTRIES();
	return SUCCESS;
}

static PHP_MINFO_FUNCTION(vtws)
{
	const curl_version_info_data *curl = curl_version_info(CURLVERSION_NOW);

	php_info_print_table_start();
	php_info_print_table_header(2, "vtws support", "enabled");
	php_info_print_table_row(2, "Version", PHP_VTWS_VERSION);
	php_info_print_table_row(2, "libcurl compile-time version", LIBCURL_VERSION);
	php_info_print_table_row(2, "libcurl run-time version", curl->version);
	php_info_print_table_row(2, "TLS library (libcurl)",
		curl->ssl_version ? curl->ssl_version : "none");
	php_info_print_table_row(2, "OpenSSL compile-time version", OPENSSL_VERSION_TEXT);
	php_info_print_table_row(2, "OpenSSL run-time version", OpenSSL_version(OPENSSL_VERSION));
	php_info_print_table_end();

	DISPLAY_INI_ENTRIES();
}

PHP_FUNCTION(Vtws_decode)
{
	zend_string *json;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(json)
	ZEND_PARSE_PARAMETERS_END();

	vtws_decode_or_throw(return_value, ZSTR_VAL(json), ZSTR_LEN(json), "decode");
}

PHP_FUNCTION(Vtws_encode)
{
	HashTable *params;
	smart_str form = {0};
	zend_string *name;
	zval *value;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(params)
	ZEND_PARSE_PARAMETERS_END();

	ZEND_HASH_FOREACH_STR_KEY_VAL(params, name, value) {
		if (!name) {
			smart_str_free(&form);
			zend_argument_value_error(1, "must have parameter names as keys");
			RETURN_THROWS();
		}
		if (vtws_form_add_value(&form, ZSTR_VAL(name), value) == FAILURE) {
			smart_str_free(&form);
			RETURN_THROWS();
		}
	}
	ZEND_HASH_FOREACH_END();
	if (!form.s) {
		RETURN_EMPTY_STRING();
	}
	RETURN_STR(smart_str_extract(&form));
}

PHP_FUNCTION(Vtws_bind)
{
	zend_string *vtql;
	HashTable *params;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(vtql)
		Z_PARAM_ARRAY_HT(params)
	ZEND_PARSE_PARAMETERS_END();

	zend_string *bound = vtws_vtql_bind(vtql, params);
	if (bound) {
		RETURN_STR(bound);
	}
}

static const zend_module_dep vtws_deps[] = {
	ZEND_MOD_REQUIRED("json") ZEND_MOD_REQUIRED("spl") ZEND_MOD_END};

zend_module_entry vtws_module_entry = {
	STANDARD_MODULE_HEADER_EX,
	NULL,
	vtws_deps,
	"vtws",
	ext_functions,
	PHP_MINIT(vtws),
	PHP_MSHUTDOWN(vtws),
	NULL,
	NULL,
	PHP_MINFO(vtws),
	PHP_VTWS_VERSION,
	PHP_MODULE_GLOBALS(vtws),
	(void (*)(void *)) vtws_init_globals,
	(void (*)(void *)) vtws_shutdown_globals,
	NULL,
	STANDARD_MODULE_PROPERTIES_EX,
};

#ifdef COMPILE_DL_VTWS
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(vtws)
#endif
