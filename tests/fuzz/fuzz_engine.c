/*
 * The embedded engine every target shares. PHP starts once (php_embed_init with the vtws
 * module added at startup, as a statically built extension would be); each input then
 * runs inside one internal-function call frame, so an exception thrown by the code under
 * test is created and discarded exactly as it would be under a PHP script, and a fatal
 * error (zend_bailout) becomes a crash libFuzzer reports.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "sapi/embed/php_embed.h"
#include "zend_exceptions.h"
#include "ext/json/php_json.h"
#include "php_vtws.h"

static const char *current_data;
static size_t current_size;
static zend_internal_function frame_function;

static int startup_with_vtws(sapi_module_struct *sapi)
{
	return php_module_startup(sapi, &vtws_module_entry);
}

static ZEND_NAMED_FUNCTION(run_in_frame)
{
	vtws_fuzz_target(current_data, current_size);
	if (EG(exception)) {
		zend_clear_exception();
	}
	RETVAL_NULL();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* Every emalloc becomes a malloc the sanitizers see: overflows of our buffers and
	 * leaks are reported at the input that caused them. */
	setenv("USE_ZEND_ALLOC", "0", 1);
	php_embed_module.startup = startup_with_vtws;
	php_embed_module.php_ini_ignore = 1;
	if (php_embed_init(0, NULL) == FAILURE) {
		fprintf(stderr, "fuzz: the embedded PHP did not start\n");
		abort();
	}
	zend_string *display_errors = zend_string_init("display_errors", 14, 0);
	zend_alter_ini_entry_chars(display_errors, "0", 1, PHP_INI_SYSTEM, PHP_INI_STAGE_RUNTIME);
	zend_string_release(display_errors);
	/* Runs before the sanitizer's exit-time leak check, so what PHP allocated at startup
	 * is freed and only real leaks are left to report. */
	atexit(php_embed_shutdown);
	frame_function.type = ZEND_INTERNAL_FUNCTION;
	frame_function.fn_flags = ZEND_ACC_PUBLIC;
	frame_function.function_name = zend_string_init_interned("vtws_fuzz_input", 15, 1);
	frame_function.handler = run_in_frame;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	zend_fcall_info fci = {0};
	zend_fcall_info_cache fcc = {0};
	zval retval;

	current_data = (const char *) data;
	current_size = size;
	fci.size = sizeof(fci);
	ZVAL_UNDEF(&fci.function_name);
	fci.retval = &retval;
	fcc.function_handler = (zend_function *) &frame_function;
	zend_try
	{
		zend_call_function(&fci, &fcc);
	}
	zend_catch
	{
		fprintf(stderr, "fuzz: the input ended in a fatal error\n");
		abort();
	}
	zend_end_try();
	zval_ptr_dtor(&retval);
	return 0;
}

void vtws_fuzz_expect(zend_result rc, zend_class_entry *const *allowed)
{
	zend_object *ex = EG(exception);

	if (rc == SUCCESS) {
		if (ex) {
			fprintf(stderr, "fuzz: SUCCESS with a pending %s\n", ZSTR_VAL(ex->ce->name));
			abort();
		}
		return;
	}
	if (!ex) {
		fprintf(stderr, "fuzz: FAILURE without an exception\n");
		abort();
	}
	for (; *allowed; allowed++) {
		if (instanceof_function(ex->ce, *allowed)) {
			return;
		}
	}
	fprintf(stderr, "fuzz: unexpected exception class %s\n", ZSTR_VAL(ex->ce->name));
	abort();
}

bool vtws_fuzz_json(zval *out, const char *data, size_t size, bool as_objects)
{
	/* The parser reads the terminating NUL of a zend_string, as for any PHP string. */
	zend_string *copy = zend_string_init(data, size, 0);
	zend_long flags = as_objects ? 0 : PHP_JSON_OBJECT_AS_ARRAY;
	bool ok = php_json_decode_ex(out, ZSTR_VAL(copy), ZSTR_LEN(copy), flags, 64) == SUCCESS;

	zend_string_release(copy);
	if (!ok) {
		ZVAL_NULL(out);
	}
	JSON_G(error_code) = PHP_JSON_ERROR_NONE;
	return ok;
}
