/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 46a14769eebe1436f75a7d37913be238d606b3cb */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_ApiException_getStatus, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_ApiException_getError, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Synergy_ApiException_getApiMessage arginfo_class_Vtws_Synergy_ApiException_getError

#define arginfo_class_Vtws_Synergy_ApiException_getPath arginfo_class_Vtws_Synergy_ApiException_getError

#define arginfo_class_Vtws_Synergy_ApiException_getOperation arginfo_class_Vtws_Synergy_ApiException_getError

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Vtws_Synergy_Client___construct, 0, 0, 3)
	ZEND_ARG_TYPE_INFO(0, accountCode, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, clientId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, clientSecret, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Client_forgetTokens, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Synergy_Client_getAccountCode arginfo_class_Vtws_Synergy_ApiException_getError

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Client_listApiDefinitions, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Client_getApiDefinition, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Client_putApiDefinition, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, definition, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Client_deleteApiDefinition, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_Vtws_Synergy_Client_getOpenApi, 0, 0, MAY_BE_ARRAY|MAY_BE_STRING)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, name, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, format, IS_STRING, 0, "\"json\"")
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Synergy_Client_listDatabaseDefinitions arginfo_class_Vtws_Synergy_Client_listApiDefinitions

#define arginfo_class_Vtws_Synergy_Client_getDatabaseDefinition arginfo_class_Vtws_Synergy_Client_getApiDefinition

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Vtws_Synergy_Client_records, 0, 1, Vtws\\Synergy\\Records, 0)
	ZEND_ARG_TYPE_INFO(0, definition, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Vtws_Synergy_Records___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Synergy_Records_getDefinition arginfo_class_Vtws_Synergy_ApiException_getError

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Records_create, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, values, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Records_get, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Records_patch, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING, NULL)
	ZEND_ARG_TYPE_INFO(0, values, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, fields, IS_ARRAY, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Records_delete, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Records_query, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, filter, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Vtws_Synergy_Records_queryAll, 0, 0, Vtws\\Synergy\\RecordIterator, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, filter, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Records_count, 0, 0, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, filter, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_Records_authenticate, 0, 3, IS_STRING, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING, NULL)
	ZEND_ARG_TYPE_INFO(0, property, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, password, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Synergy_RecordIterator___construct arginfo_class_Vtws_Synergy_Records___construct

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_RecordIterator_current, 0, 0, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Synergy_RecordIterator_key arginfo_class_Vtws_Synergy_RecordIterator_current

#define arginfo_class_Vtws_Synergy_RecordIterator_next arginfo_class_Vtws_Synergy_Client_forgetTokens

#define arginfo_class_Vtws_Synergy_RecordIterator_rewind arginfo_class_Vtws_Synergy_Client_forgetTokens

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Synergy_RecordIterator_valid, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Synergy_RecordIterator_getPageCount arginfo_class_Vtws_Synergy_ApiException_getStatus


ZEND_METHOD(Vtws_Synergy_ApiException, getStatus);
ZEND_METHOD(Vtws_Synergy_ApiException, getError);
ZEND_METHOD(Vtws_Synergy_ApiException, getApiMessage);
ZEND_METHOD(Vtws_Synergy_ApiException, getPath);
ZEND_METHOD(Vtws_Synergy_ApiException, getOperation);
ZEND_METHOD(Vtws_Synergy_Client, __construct);
ZEND_METHOD(Vtws_Synergy_Client, forgetTokens);
ZEND_METHOD(Vtws_Synergy_Client, getAccountCode);
ZEND_METHOD(Vtws_Synergy_Client, listApiDefinitions);
ZEND_METHOD(Vtws_Synergy_Client, getApiDefinition);
ZEND_METHOD(Vtws_Synergy_Client, putApiDefinition);
ZEND_METHOD(Vtws_Synergy_Client, deleteApiDefinition);
ZEND_METHOD(Vtws_Synergy_Client, getOpenApi);
ZEND_METHOD(Vtws_Synergy_Client, listDatabaseDefinitions);
ZEND_METHOD(Vtws_Synergy_Client, getDatabaseDefinition);
ZEND_METHOD(Vtws_Synergy_Client, records);
ZEND_METHOD(Vtws_Synergy_Records, __construct);
ZEND_METHOD(Vtws_Synergy_Records, getDefinition);
ZEND_METHOD(Vtws_Synergy_Records, create);
ZEND_METHOD(Vtws_Synergy_Records, get);
ZEND_METHOD(Vtws_Synergy_Records, patch);
ZEND_METHOD(Vtws_Synergy_Records, delete);
ZEND_METHOD(Vtws_Synergy_Records, query);
ZEND_METHOD(Vtws_Synergy_Records, queryAll);
ZEND_METHOD(Vtws_Synergy_Records, count);
ZEND_METHOD(Vtws_Synergy_Records, authenticate);
ZEND_METHOD(Vtws_Synergy_RecordIterator, __construct);
ZEND_METHOD(Vtws_Synergy_RecordIterator, current);
ZEND_METHOD(Vtws_Synergy_RecordIterator, key);
ZEND_METHOD(Vtws_Synergy_RecordIterator, next);
ZEND_METHOD(Vtws_Synergy_RecordIterator, rewind);
ZEND_METHOD(Vtws_Synergy_RecordIterator, valid);
ZEND_METHOD(Vtws_Synergy_RecordIterator, getPageCount);


static const zend_function_entry class_Vtws_Synergy_ApiException_methods[] = {
	ZEND_ME(Vtws_Synergy_ApiException, getStatus, arginfo_class_Vtws_Synergy_ApiException_getStatus, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_ApiException, getError, arginfo_class_Vtws_Synergy_ApiException_getError, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_ApiException, getApiMessage, arginfo_class_Vtws_Synergy_ApiException_getApiMessage, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_ApiException, getPath, arginfo_class_Vtws_Synergy_ApiException_getPath, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_ApiException, getOperation, arginfo_class_Vtws_Synergy_ApiException_getOperation, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Synergy_Client_methods[] = {
	ZEND_ME(Vtws_Synergy_Client, __construct, arginfo_class_Vtws_Synergy_Client___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Client, forgetTokens, arginfo_class_Vtws_Synergy_Client_forgetTokens, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Vtws_Synergy_Client, getAccountCode, arginfo_class_Vtws_Synergy_Client_getAccountCode, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Client, listApiDefinitions, arginfo_class_Vtws_Synergy_Client_listApiDefinitions, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Client, getApiDefinition, arginfo_class_Vtws_Synergy_Client_getApiDefinition, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Client, putApiDefinition, arginfo_class_Vtws_Synergy_Client_putApiDefinition, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Client, deleteApiDefinition, arginfo_class_Vtws_Synergy_Client_deleteApiDefinition, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Client, getOpenApi, arginfo_class_Vtws_Synergy_Client_getOpenApi, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Client, listDatabaseDefinitions, arginfo_class_Vtws_Synergy_Client_listDatabaseDefinitions, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Client, getDatabaseDefinition, arginfo_class_Vtws_Synergy_Client_getDatabaseDefinition, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Client, records, arginfo_class_Vtws_Synergy_Client_records, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Synergy_Records_methods[] = {
	ZEND_ME(Vtws_Synergy_Records, __construct, arginfo_class_Vtws_Synergy_Records___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Vtws_Synergy_Records, getDefinition, arginfo_class_Vtws_Synergy_Records_getDefinition, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Records, create, arginfo_class_Vtws_Synergy_Records_create, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Records, get, arginfo_class_Vtws_Synergy_Records_get, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Records, patch, arginfo_class_Vtws_Synergy_Records_patch, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Records, delete, arginfo_class_Vtws_Synergy_Records_delete, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Records, query, arginfo_class_Vtws_Synergy_Records_query, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Records, queryAll, arginfo_class_Vtws_Synergy_Records_queryAll, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Records, count, arginfo_class_Vtws_Synergy_Records_count, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_Records, authenticate, arginfo_class_Vtws_Synergy_Records_authenticate, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Synergy_RecordIterator_methods[] = {
	ZEND_ME(Vtws_Synergy_RecordIterator, __construct, arginfo_class_Vtws_Synergy_RecordIterator___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Vtws_Synergy_RecordIterator, current, arginfo_class_Vtws_Synergy_RecordIterator_current, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_RecordIterator, key, arginfo_class_Vtws_Synergy_RecordIterator_key, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_RecordIterator, next, arginfo_class_Vtws_Synergy_RecordIterator_next, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_RecordIterator, rewind, arginfo_class_Vtws_Synergy_RecordIterator_rewind, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_RecordIterator, valid, arginfo_class_Vtws_Synergy_RecordIterator_valid, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Synergy_RecordIterator, getPageCount, arginfo_class_Vtws_Synergy_RecordIterator_getPageCount, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Vtws_Synergy_ApiException(zend_class_entry *class_entry_RuntimeException, zend_class_entry *class_entry_Vtws_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Synergy", "ApiException", class_Vtws_Synergy_ApiException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	zend_class_implements(class_entry, 1, class_entry_Vtws_Exception);

	zval property_status_default_value;
	ZVAL_LONG(&property_status_default_value, 0);
	zend_string *property_status_name = zend_string_init("status", sizeof("status") - 1, 1);
	zend_declare_typed_property(class_entry, property_status_name, &property_status_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_status_name);

	zval property_error_default_value;
	ZVAL_EMPTY_STRING(&property_error_default_value);
	zend_string *property_error_name = zend_string_init("error", sizeof("error") - 1, 1);
	zend_declare_typed_property(class_entry, property_error_name, &property_error_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_error_name);

	zval property_apiMessage_default_value;
	ZVAL_EMPTY_STRING(&property_apiMessage_default_value);
	zend_string *property_apiMessage_name = zend_string_init("apiMessage", sizeof("apiMessage") - 1, 1);
	zend_declare_typed_property(class_entry, property_apiMessage_name, &property_apiMessage_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_apiMessage_name);

	zval property_path_default_value;
	ZVAL_EMPTY_STRING(&property_path_default_value);
	zend_string *property_path_name = zend_string_init("path", sizeof("path") - 1, 1);
	zend_declare_typed_property(class_entry, property_path_name, &property_path_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_path_name);

	zval property_operation_default_value;
	ZVAL_EMPTY_STRING(&property_operation_default_value);
	zend_string *property_operation_name = zend_string_init("operation", sizeof("operation") - 1, 1);
	zend_declare_typed_property(class_entry, property_operation_name, &property_operation_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_operation_name);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_Synergy_Client(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Synergy", "Client", class_Vtws_Synergy_Client_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "__construct", sizeof("__construct") - 1), 2, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_Synergy_Records(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Synergy", "Records", class_Vtws_Synergy_Records_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "authenticate", sizeof("authenticate") - 1), 2, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_Synergy_RecordIterator(zend_class_entry *class_entry_Iterator)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Synergy", "RecordIterator", class_Vtws_Synergy_RecordIterator_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_Iterator);

	return class_entry;
}
