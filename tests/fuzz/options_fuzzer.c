/*
 * Client construction: the URL (first line of the input) and the options array (the rest,
 * decoded as JSON) go through Vtws\Client::__construct, which parses the URL with libcurl
 * and validates every option. It must construct a client whose endpoint is an http(s) URL
 * ending in .php, or throw ValueError/TypeError; nothing is sent over the network.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "src/client.h"
#include "src/errors.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"

static void check_endpoint(zend_object *client)
{
	zval url;

	zend_call_method_with_0_params(client, client->ce, NULL, "geturl", &url);
	if (Z_TYPE(url) != IS_STRING ||
		(strncasecmp(Z_STRVAL(url), "http://", 7) != 0 &&
			strncasecmp(Z_STRVAL(url), "https://", 8) != 0) ||
		Z_STRLEN(url) < 4 || strncasecmp(Z_STRVAL(url) + Z_STRLEN(url) - 4, ".php", 4) != 0) {
		fprintf(stderr, "fuzz: constructed with an endpoint that is not an http(s) .php URL\n");
		abort();
	}
	zval_ptr_dtor(&url);

	int is_temp = 0;
	HashTable *debug = client->handlers->get_debug_info(client, &is_temp);
	if (debug && is_temp) {
		zend_array_destroy(debug);
	}
}

void vtws_fuzz_target(const char *data, size_t size)
{
	zend_class_entry *allowed[] = {zend_ce_value_error, zend_ce_type_error,
		vtws_ce_transport_exception, NULL};
	const char *newline = memchr(data, '\n', size);
	size_t url_len = newline ? (size_t) (newline - data) : size;
	zval client, args[2];
	uint32_t argc = 1;

	ZVAL_STRINGL(&args[0], data, url_len);
	if (newline && vtws_fuzz_json(&args[1], newline + 1, size - url_len - 1, false)) {
		argc = 2;
	}
	object_init_ex(&client, vtws_ce_client);
	zend_call_known_instance_method(vtws_ce_client->constructor, Z_OBJ(client), NULL, argc, args);
	if (EG(exception)) {
		vtws_fuzz_expect(FAILURE, allowed);
	} else {
		check_endpoint(Z_OBJ(client));
	}
	zval_ptr_dtor(&client);
	zval_ptr_dtor(&args[0]);
	if (argc == 2) {
		zval_ptr_dtor(&args[1]);
	}
}
