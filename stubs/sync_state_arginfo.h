/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 3454904830de73961f882b44a3350f7799cc0092 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Sync_State_load, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Sync_State_apply, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, changes, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Vtws_Sync_FileState___construct, 0, 0, 1)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Sync_FileState_load arginfo_class_Vtws_Sync_State_load

#define arginfo_class_Vtws_Sync_FileState_apply arginfo_class_Vtws_Sync_State_apply

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Sync_FileState_getPath, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Vtws_Sync_PdoState___construct, 0, 0, 2)
	ZEND_ARG_OBJ_INFO(0, pdo, PDO, 0)
	ZEND_ARG_TYPE_INFO(0, connector, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Sync_PdoState_load arginfo_class_Vtws_Sync_State_load

#define arginfo_class_Vtws_Sync_PdoState_apply arginfo_class_Vtws_Sync_State_apply


ZEND_METHOD(Vtws_Sync_FileState, __construct);
ZEND_METHOD(Vtws_Sync_FileState, load);
ZEND_METHOD(Vtws_Sync_FileState, apply);
ZEND_METHOD(Vtws_Sync_FileState, getPath);
ZEND_METHOD(Vtws_Sync_PdoState, __construct);
ZEND_METHOD(Vtws_Sync_PdoState, load);
ZEND_METHOD(Vtws_Sync_PdoState, apply);


static const zend_function_entry class_Vtws_Sync_State_methods[] = {
	ZEND_ABSTRACT_ME_WITH_FLAGS(Vtws_Sync_State, load, arginfo_class_Vtws_Sync_State_load, ZEND_ACC_PUBLIC|ZEND_ACC_ABSTRACT)
	ZEND_ABSTRACT_ME_WITH_FLAGS(Vtws_Sync_State, apply, arginfo_class_Vtws_Sync_State_apply, ZEND_ACC_PUBLIC|ZEND_ACC_ABSTRACT)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Sync_StateException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Sync_FileState_methods[] = {
	ZEND_ME(Vtws_Sync_FileState, __construct, arginfo_class_Vtws_Sync_FileState___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_FileState, load, arginfo_class_Vtws_Sync_FileState_load, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_FileState, apply, arginfo_class_Vtws_Sync_FileState_apply, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_FileState, getPath, arginfo_class_Vtws_Sync_FileState_getPath, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Sync_PdoState_methods[] = {
	ZEND_ME(Vtws_Sync_PdoState, __construct, arginfo_class_Vtws_Sync_PdoState___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_PdoState, load, arginfo_class_Vtws_Sync_PdoState_load, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Sync_PdoState, apply, arginfo_class_Vtws_Sync_PdoState_apply, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Vtws_Sync_State(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Sync", "State", class_Vtws_Sync_State_methods);
	class_entry = zend_register_internal_interface(&ce);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_Sync_StateException(zend_class_entry *class_entry_RuntimeException, zend_class_entry *class_entry_Vtws_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Sync", "StateException", class_Vtws_Sync_StateException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	zend_class_implements(class_entry, 1, class_entry_Vtws_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_Sync_FileState(zend_class_entry *class_entry_Vtws_Sync_State)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Sync", "FileState", class_Vtws_Sync_FileState_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_Vtws_Sync_State);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_Sync_PdoState(zend_class_entry *class_entry_Vtws_Sync_State)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws\\Sync", "PdoState", class_Vtws_Sync_PdoState_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_Vtws_Sync_State);

	return class_entry;
}
