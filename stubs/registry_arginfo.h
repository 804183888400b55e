/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: ce865e8e0cb3573ffed78f0dfb63f8ec810a0d8e */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_RegistryException_getSqlState, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_RegistryException_getArgument arginfo_class_Vtws_RegistryException_getSqlState

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Vtws_OperationRegistry___construct, 0, 0, 1)
	ZEND_ARG_TYPE_INFO(0, db, IS_OBJECT, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_OperationRegistry_register, 0, 3, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, handlerPath, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, handlerMethod, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, type, IS_STRING, 0, "\"POST\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, prelogin, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_OperationRegistry_unregister, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_OperationRegistry_get, 0, 1, IS_ARRAY, 1)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_OperationRegistry_all, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_OperationRegistry_exists arginfo_class_Vtws_OperationRegistry_unregister


ZEND_METHOD(Vtws_RegistryException, getSqlState);
ZEND_METHOD(Vtws_RegistryException, getArgument);
ZEND_METHOD(Vtws_OperationRegistry, __construct);
ZEND_METHOD(Vtws_OperationRegistry, register);
ZEND_METHOD(Vtws_OperationRegistry, unregister);
ZEND_METHOD(Vtws_OperationRegistry, get);
ZEND_METHOD(Vtws_OperationRegistry, all);
ZEND_METHOD(Vtws_OperationRegistry, exists);


static const zend_function_entry class_Vtws_RegistryException_methods[] = {
	ZEND_ME(Vtws_RegistryException, getSqlState, arginfo_class_Vtws_RegistryException_getSqlState, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_RegistryException, getArgument, arginfo_class_Vtws_RegistryException_getArgument, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_OperationRegistry_methods[] = {
	ZEND_ME(Vtws_OperationRegistry, __construct, arginfo_class_Vtws_OperationRegistry___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_OperationRegistry, register, arginfo_class_Vtws_OperationRegistry_register, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_OperationRegistry, unregister, arginfo_class_Vtws_OperationRegistry_unregister, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_OperationRegistry, get, arginfo_class_Vtws_OperationRegistry_get, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_OperationRegistry, all, arginfo_class_Vtws_OperationRegistry_all, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_OperationRegistry, exists, arginfo_class_Vtws_OperationRegistry_exists, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Vtws_RegistryException(zend_class_entry *class_entry_RuntimeException, zend_class_entry *class_entry_Vtws_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "RegistryException", class_Vtws_RegistryException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	zend_class_implements(class_entry, 1, class_entry_Vtws_Exception);

	zval property_sqlState_default_value;
	ZVAL_EMPTY_STRING(&property_sqlState_default_value);
	zend_string *property_sqlState_name = zend_string_init("sqlState", sizeof("sqlState") - 1, 1);
	zend_declare_typed_property(class_entry, property_sqlState_name, &property_sqlState_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_sqlState_name);

	zval property_argument_default_value;
	ZVAL_EMPTY_STRING(&property_argument_default_value);
	zend_string *property_argument_name = zend_string_init("argument", sizeof("argument") - 1, 1);
	zend_declare_typed_property(class_entry, property_argument_name, &property_argument_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_argument_name);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_OperationRegistry(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "OperationRegistry", class_Vtws_OperationRegistry_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}
