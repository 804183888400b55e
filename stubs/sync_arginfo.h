/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: b0d76bdb64e4dccbbc6ac8207d575184a579344d */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Sync_LoadException_getXmlLine, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Sync_LoadException_getElement, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Vtws_Sync_Connector___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Vtws_Sync_Connector_fromFile, 0, 1, Vtws\\Sync\\Connector, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Vtws_Sync_Connector_fromString, 0, 1, Vtws\\Sync\\Connector, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Sync_Connector_evaluate, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, expression, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, context, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Sync_Connector_buildRequest, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, pair, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, direction, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, context, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Vtws_Sync_Connector_run, 0, 0, Vtws\\Sync\\Report, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Sync_Connector_getWarnings, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Sync_Connector_getPairs arginfo_class_Vtws_Sync_Connector_getWarnings

#define arginfo_class_Vtws_Sync_Connector_getState arginfo_class_Vtws_Sync_Connector_getWarnings

#define arginfo_class_Vtws_Sync_Report___construct arginfo_class_Vtws_Sync_Connector___construct

#define arginfo_class_Vtws_Sync_Report_toArray arginfo_class_Vtws_Sync_Connector_getWarnings

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Sync_Report_isComplete, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Sync_Report_getFailures arginfo_class_Vtws_Sync_Connector_getWarnings


ZEND_METHOD(Vtws_Sync_LoadException, getXmlLine);
ZEND_METHOD(Vtws_Sync_LoadException, getElement);
ZEND_METHOD(Vtws_Sync_Connector, __construct);
ZEND_METHOD(Vtws_Sync_Connector, fromFile);
ZEND_METHOD(Vtws_Sync_Connector, fromString);
ZEND_METHOD(Vtws_Sync_Connector, evaluate);
ZEND_METHOD(Vtws_Sync_Connector, buildRequest);
ZEND_METHOD(Vtws_Sync_Connector, run);
ZEND_METHOD(Vtws_Sync_Connector, getWarnings);
ZEND_METHOD(Vtws_Sync_Connector, getPairs);
ZEND_METHOD(Vtws_Sync_Connector, getState);
ZEND_METHOD(Vtws_Sync_Report, __construct);
ZEND_METHOD(Vtws_Sync_Report, toArray);
ZEND_METHOD(Vtws_Sync_Report, isComplete);
ZEND_METHOD(Vtws_Sync_Report, getFailures);


static const zend_function_entry class_Vtws_Sync_LoadException_methods[] = {
	ZEND_ME(Vtws_Sync_LoadException, getXmlLine, arginfo_class_Vtws_Sync_LoadException_getXmlLine, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_LoadException, getElement, arginfo_class_Vtws_Sync_LoadException_getElement, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Sync_Connector_methods[] = {
	ZEND_ME(Vtws_Sync_Connector, __construct, arginfo_class_Vtws_Sync_Connector___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Vtws_Sync_Connector, fromFile, arginfo_class_Vtws_Sync_Connector_fromFile, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Vtws_Sync_Connector, fromString, arginfo_class_Vtws_Sync_Connector_fromString, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Vtws_Sync_Connector, evaluate, arginfo_class_Vtws_Sync_Connector_evaluate, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Vtws_Sync_Connector, buildRequest, arginfo_class_Vtws_Sync_Connector_buildRequest, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_Connector, run, arginfo_class_Vtws_Sync_Connector_run, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_Connector, getWarnings, arginfo_class_Vtws_Sync_Connector_getWarnings, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_Connector, getPairs, arginfo_class_Vtws_Sync_Connector_getPairs, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_Connector, getState, arginfo_class_Vtws_Sync_Connector_getState, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Sync_Report_methods[] = {
	ZEND_ME(Vtws_Sync_Report, __construct, arginfo_class_Vtws_Sync_Report___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Vtws_Sync_Report, toArray, arginfo_class_Vtws_Sync_Report_toArray, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_Report, isComplete, arginfo_class_Vtws_Sync_Report_isComplete, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_Report, getFailures, arginfo_class_Vtws_Sync_Report_getFailures, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Vtws_Sync_LoadException(zend_class_entry *class_entry_RuntimeException, zend_class_entry *class_entry_Vtws_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Sync", "LoadException", class_Vtws_Sync_LoadException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	zend_class_implements(class_entry, 1, class_entry_Vtws_Exception);

	zval property_xmlLine_default_value;
	ZVAL_LONG(&property_xmlLine_default_value, 0);
	zend_string *property_xmlLine_name = zend_string_init("xmlLine", sizeof("xmlLine") - 1, 1);
	zend_declare_typed_property(class_entry, property_xmlLine_name, &property_xmlLine_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_xmlLine_name);

	zval property_element_default_value;
	ZVAL_EMPTY_STRING(&property_element_default_value);
	zend_string *property_element_name = zend_string_init("element", sizeof("element") - 1, 1);
	zend_declare_typed_property(class_entry, property_element_name, &property_element_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_element_name);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_Sync_Connector(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Sync", "Connector", class_Vtws_Sync_Connector_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Vtws_Sync_Report(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Sync", "Report", class_Vtws_Sync_Report_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}
