/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 4aad983d65699defc51c9a13f55b1f5e8fc8a89c */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_decode, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, json, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_encode, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, params, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_bind, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, vtql, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, params, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_ApiException_getVtigerCode, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_ApiException_getOperation arginfo_class_Vtws_ApiException_getVtigerCode

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_TransportException_getHttpStatus, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_TransportException_getOperation arginfo_class_Vtws_ApiException_getVtigerCode

#define arginfo_class_Vtws_TransportException_getBodyExcerpt arginfo_class_Vtws_ApiException_getVtigerCode

#define arginfo_class_Vtws_ProtocolException_getHttpStatus arginfo_class_Vtws_TransportException_getHttpStatus

#define arginfo_class_Vtws_ProtocolException_getOperation arginfo_class_Vtws_ApiException_getVtigerCode

#define arginfo_class_Vtws_ProtocolException_getBodyExcerpt arginfo_class_Vtws_ApiException_getVtigerCode

#define arginfo_class_Vtws_ProtocolException_getOffset arginfo_class_Vtws_TransportException_getHttpStatus

#define arginfo_class_Vtws_ConflictException_getRecordId arginfo_class_Vtws_ApiException_getVtigerCode

#define arginfo_class_Vtws_ConflictException_getExpectedModifiedTime arginfo_class_Vtws_ApiException_getVtigerCode

#define arginfo_class_Vtws_ConflictException_getStoredModifiedTime arginfo_class_Vtws_ApiException_getVtigerCode

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Vtws_Client___construct, 0, 0, 1)
	ZEND_ARG_TYPE_INFO(0, url, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Vtws_Client_inProcess, 0, 0, Vtws\\Client, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, userId, IS_LONG, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_login, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, username, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, accessKey, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_useSession, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, sessionName, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, userId, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_logout, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_extendSession, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_isLoggedIn, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_getSessionName, 0, 0, IS_STRING, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Client_getUserId arginfo_class_Vtws_Client_getSessionName

#define arginfo_class_Vtws_Client_getVtigerVersion arginfo_class_Vtws_Client_getSessionName

#define arginfo_class_Vtws_Client_getApiVersion arginfo_class_Vtws_Client_getSessionName

#define arginfo_class_Vtws_Client_getUrl arginfo_class_Vtws_ApiException_getVtigerCode

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_listTypes, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, fieldTypes, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_describe, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, module, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Client_clearCache arginfo_class_Vtws_Client_logout

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_create, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, module, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, element, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_retrieve, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, id, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_update, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, element, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Client_revise arginfo_class_Vtws_Client_update

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_delete, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, id, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_query, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, query, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Vtws_Client_queryAll, 0, 1, Vtws\\RowIterator, 0)
	ZEND_ARG_TYPE_INFO(0, query, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_count, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, module, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, where, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_sync, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, modifiedTime, DateTimeInterface, MAY_BE_LONG, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, module, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_syncAll, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, modifiedTime, DateTimeInterface, MAY_BE_LONG, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, module, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Client_relatedTypes arginfo_class_Vtws_Client_describe

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_retrieveRelated, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, id, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, relatedType, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, relatedLabel, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_queryRelated, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, query, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, id, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, relatedLabel, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_addRelated, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, sourceId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, relatedId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, relationLabel, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_retrieveFile, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, attachmentId, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_downloadFile, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, documentOrAttachmentId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, to, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_uploadDocument, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, file, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, element, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_Client_convertLead arginfo_class_Vtws_Client_update

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_createMany, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, module, IS_STRING, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, elements, Traversable, MAY_BE_ARRAY, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_reviseMany, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, elements, Traversable, MAY_BE_ARRAY, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_deleteMany, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, ids, Traversable, MAY_BE_ARRAY, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_Client_call, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, operation, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, method, IS_STRING, 0, "\"POST\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Vtws_RowIterator___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Vtws_RowIterator_current, 0, 0, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Vtws_RowIterator_key arginfo_class_Vtws_RowIterator_current

#define arginfo_class_Vtws_RowIterator_next arginfo_class_Vtws_Client_logout

#define arginfo_class_Vtws_RowIterator_rewind arginfo_class_Vtws_Client_logout

#define arginfo_class_Vtws_RowIterator_valid arginfo_class_Vtws_Client_isLoggedIn

#define arginfo_class_Vtws_RowIterator_getPageCount arginfo_class_Vtws_TransportException_getHttpStatus

#define arginfo_class_Vtws_RowIterator_getOffset arginfo_class_Vtws_TransportException_getHttpStatus


ZEND_FUNCTION(Vtws_decode);
ZEND_FUNCTION(Vtws_encode);
ZEND_FUNCTION(Vtws_bind);
ZEND_METHOD(Vtws_ApiException, getVtigerCode);
ZEND_METHOD(Vtws_ApiException, getOperation);
ZEND_METHOD(Vtws_TransportException, getHttpStatus);
ZEND_METHOD(Vtws_TransportException, getOperation);
ZEND_METHOD(Vtws_TransportException, getBodyExcerpt);
ZEND_METHOD(Vtws_ProtocolException, getHttpStatus);
ZEND_METHOD(Vtws_ProtocolException, getOperation);
ZEND_METHOD(Vtws_ProtocolException, getBodyExcerpt);
ZEND_METHOD(Vtws_ProtocolException, getOffset);
ZEND_METHOD(Vtws_ConflictException, getRecordId);
ZEND_METHOD(Vtws_ConflictException, getExpectedModifiedTime);
ZEND_METHOD(Vtws_ConflictException, getStoredModifiedTime);
ZEND_METHOD(Vtws_Client, __construct);
ZEND_METHOD(Vtws_Client, inProcess);
ZEND_METHOD(Vtws_Client, login);
ZEND_METHOD(Vtws_Client, useSession);
ZEND_METHOD(Vtws_Client, logout);
ZEND_METHOD(Vtws_Client, extendSession);
ZEND_METHOD(Vtws_Client, isLoggedIn);
ZEND_METHOD(Vtws_Client, getSessionName);
ZEND_METHOD(Vtws_Client, getUserId);
ZEND_METHOD(Vtws_Client, getVtigerVersion);
ZEND_METHOD(Vtws_Client, getApiVersion);
ZEND_METHOD(Vtws_Client, getUrl);
ZEND_METHOD(Vtws_Client, listTypes);
ZEND_METHOD(Vtws_Client, describe);
ZEND_METHOD(Vtws_Client, clearCache);
ZEND_METHOD(Vtws_Client, create);
ZEND_METHOD(Vtws_Client, retrieve);
ZEND_METHOD(Vtws_Client, update);
ZEND_METHOD(Vtws_Client, revise);
ZEND_METHOD(Vtws_Client, delete);
ZEND_METHOD(Vtws_Client, query);
ZEND_METHOD(Vtws_Client, queryAll);
ZEND_METHOD(Vtws_Client, count);
ZEND_METHOD(Vtws_Client, sync);
ZEND_METHOD(Vtws_Client, syncAll);
ZEND_METHOD(Vtws_Client, relatedTypes);
ZEND_METHOD(Vtws_Client, retrieveRelated);
ZEND_METHOD(Vtws_Client, queryRelated);
ZEND_METHOD(Vtws_Client, addRelated);
ZEND_METHOD(Vtws_Client, retrieveFile);
ZEND_METHOD(Vtws_Client, downloadFile);
ZEND_METHOD(Vtws_Client, uploadDocument);
ZEND_METHOD(Vtws_Client, convertLead);
ZEND_METHOD(Vtws_Client, createMany);
ZEND_METHOD(Vtws_Client, reviseMany);
ZEND_METHOD(Vtws_Client, deleteMany);
ZEND_METHOD(Vtws_Client, call);
ZEND_METHOD(Vtws_RowIterator, __construct);
ZEND_METHOD(Vtws_RowIterator, current);
ZEND_METHOD(Vtws_RowIterator, key);
ZEND_METHOD(Vtws_RowIterator, next);
ZEND_METHOD(Vtws_RowIterator, rewind);
ZEND_METHOD(Vtws_RowIterator, valid);
ZEND_METHOD(Vtws_RowIterator, getPageCount);
ZEND_METHOD(Vtws_RowIterator, getOffset);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("Vtws", decode, Vtws_decode, arginfo_Vtws_decode)
	ZEND_NS_FALIAS("Vtws", encode, Vtws_encode, arginfo_Vtws_encode)
	ZEND_NS_FALIAS("Vtws", bind, Vtws_bind, arginfo_Vtws_bind)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_ApiException_methods[] = {
	ZEND_ME(Vtws_ApiException, getVtigerCode, arginfo_class_Vtws_ApiException_getVtigerCode, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_ApiException, getOperation, arginfo_class_Vtws_ApiException_getOperation, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_TransportException_methods[] = {
	ZEND_ME(Vtws_TransportException, getHttpStatus, arginfo_class_Vtws_TransportException_getHttpStatus, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_TransportException, getOperation, arginfo_class_Vtws_TransportException_getOperation, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_TransportException, getBodyExcerpt, arginfo_class_Vtws_TransportException_getBodyExcerpt, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_ProtocolException_methods[] = {
	ZEND_ME(Vtws_ProtocolException, getHttpStatus, arginfo_class_Vtws_ProtocolException_getHttpStatus, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_ProtocolException, getOperation, arginfo_class_Vtws_ProtocolException_getOperation, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_ProtocolException, getBodyExcerpt, arginfo_class_Vtws_ProtocolException_getBodyExcerpt, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_ProtocolException, getOffset, arginfo_class_Vtws_ProtocolException_getOffset, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_ConflictException_methods[] = {
	ZEND_ME(Vtws_ConflictException, getRecordId, arginfo_class_Vtws_ConflictException_getRecordId, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_ConflictException, getExpectedModifiedTime, arginfo_class_Vtws_ConflictException_getExpectedModifiedTime, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_ConflictException, getStoredModifiedTime, arginfo_class_Vtws_ConflictException_getStoredModifiedTime, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Client_methods[] = {
	ZEND_ME(Vtws_Client, __construct, arginfo_class_Vtws_Client___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, inProcess, arginfo_class_Vtws_Client_inProcess, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Vtws_Client, login, arginfo_class_Vtws_Client_login, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, useSession, arginfo_class_Vtws_Client_useSession, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, logout, arginfo_class_Vtws_Client_logout, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, extendSession, arginfo_class_Vtws_Client_extendSession, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, isLoggedIn, arginfo_class_Vtws_Client_isLoggedIn, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, getSessionName, arginfo_class_Vtws_Client_getSessionName, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, getUserId, arginfo_class_Vtws_Client_getUserId, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, getVtigerVersion, arginfo_class_Vtws_Client_getVtigerVersion, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, getApiVersion, arginfo_class_Vtws_Client_getApiVersion, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, getUrl, arginfo_class_Vtws_Client_getUrl, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, listTypes, arginfo_class_Vtws_Client_listTypes, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, describe, arginfo_class_Vtws_Client_describe, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, clearCache, arginfo_class_Vtws_Client_clearCache, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, create, arginfo_class_Vtws_Client_create, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, retrieve, arginfo_class_Vtws_Client_retrieve, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, update, arginfo_class_Vtws_Client_update, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, revise, arginfo_class_Vtws_Client_revise, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, delete, arginfo_class_Vtws_Client_delete, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, query, arginfo_class_Vtws_Client_query, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, queryAll, arginfo_class_Vtws_Client_queryAll, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, count, arginfo_class_Vtws_Client_count, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, sync, arginfo_class_Vtws_Client_sync, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, syncAll, arginfo_class_Vtws_Client_syncAll, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, relatedTypes, arginfo_class_Vtws_Client_relatedTypes, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, retrieveRelated, arginfo_class_Vtws_Client_retrieveRelated, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, queryRelated, arginfo_class_Vtws_Client_queryRelated, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, addRelated, arginfo_class_Vtws_Client_addRelated, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, retrieveFile, arginfo_class_Vtws_Client_retrieveFile, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, downloadFile, arginfo_class_Vtws_Client_downloadFile, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, uploadDocument, arginfo_class_Vtws_Client_uploadDocument, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, convertLead, arginfo_class_Vtws_Client_convertLead, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, createMany, arginfo_class_Vtws_Client_createMany, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, reviseMany, arginfo_class_Vtws_Client_reviseMany, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, deleteMany, arginfo_class_Vtws_Client_deleteMany, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_Client, call, arginfo_class_Vtws_Client_call, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_RowIterator_methods[] = {
	ZEND_ME(Vtws_RowIterator, __construct, arginfo_class_Vtws_RowIterator___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Vtws_RowIterator, current, arginfo_class_Vtws_RowIterator_current, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_RowIterator, key, arginfo_class_Vtws_RowIterator_key, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_RowIterator, next, arginfo_class_Vtws_RowIterator_next, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_RowIterator, rewind, arginfo_class_Vtws_RowIterator_rewind, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_RowIterator, valid, arginfo_class_Vtws_RowIterator_valid, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_RowIterator, getPageCount, arginfo_class_Vtws_RowIterator_getPageCount, ZEND_ACC_PUBLIC)
	ZEND_ME(Vtws_RowIterator, getOffset, arginfo_class_Vtws_RowIterator_getOffset, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Vtws_Exception(zend_class_entry *class_entry_Throwable)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "Exception", class_Vtws_Exception_methods);
	class_entry = zend_register_internal_interface(&ce);
	zend_class_implements(class_entry, 1, class_entry_Throwable);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_ApiException(zend_class_entry *class_entry_RuntimeException, zend_class_entry *class_entry_Vtws_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "ApiException", class_Vtws_ApiException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	zend_class_implements(class_entry, 1, class_entry_Vtws_Exception);

	zval property_vtigerCode_default_value;
	ZVAL_EMPTY_STRING(&property_vtigerCode_default_value);
	zend_string *property_vtigerCode_name = zend_string_init("vtigerCode", sizeof("vtigerCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_vtigerCode_name, &property_vtigerCode_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_vtigerCode_name);

	zval property_operation_default_value;
	ZVAL_EMPTY_STRING(&property_operation_default_value);
	zend_string *property_operation_name = zend_string_init("operation", sizeof("operation") - 1, 1);
	zend_declare_typed_property(class_entry, property_operation_name, &property_operation_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_operation_name);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_TransportException(zend_class_entry *class_entry_RuntimeException, zend_class_entry *class_entry_Vtws_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "TransportException", class_Vtws_TransportException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	zend_class_implements(class_entry, 1, class_entry_Vtws_Exception);

	zval property_httpStatus_default_value;
	ZVAL_LONG(&property_httpStatus_default_value, 0);
	zend_string *property_httpStatus_name = zend_string_init("httpStatus", sizeof("httpStatus") - 1, 1);
	zend_declare_typed_property(class_entry, property_httpStatus_name, &property_httpStatus_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_httpStatus_name);

	zval property_operation_default_value;
	ZVAL_EMPTY_STRING(&property_operation_default_value);
	zend_string *property_operation_name = zend_string_init("operation", sizeof("operation") - 1, 1);
	zend_declare_typed_property(class_entry, property_operation_name, &property_operation_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_operation_name);

	zval property_bodyExcerpt_default_value;
	ZVAL_EMPTY_STRING(&property_bodyExcerpt_default_value);
	zend_string *property_bodyExcerpt_name = zend_string_init("bodyExcerpt", sizeof("bodyExcerpt") - 1, 1);
	zend_declare_typed_property(class_entry, property_bodyExcerpt_name, &property_bodyExcerpt_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_bodyExcerpt_name);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_ProtocolException(zend_class_entry *class_entry_UnexpectedValueException, zend_class_entry *class_entry_Vtws_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "ProtocolException", class_Vtws_ProtocolException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_UnexpectedValueException);
	zend_class_implements(class_entry, 1, class_entry_Vtws_Exception);

	zval property_httpStatus_default_value;
	ZVAL_LONG(&property_httpStatus_default_value, 0);
	zend_string *property_httpStatus_name = zend_string_init("httpStatus", sizeof("httpStatus") - 1, 1);
	zend_declare_typed_property(class_entry, property_httpStatus_name, &property_httpStatus_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_httpStatus_name);

	zval property_operation_default_value;
	ZVAL_EMPTY_STRING(&property_operation_default_value);
	zend_string *property_operation_name = zend_string_init("operation", sizeof("operation") - 1, 1);
	zend_declare_typed_property(class_entry, property_operation_name, &property_operation_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_operation_name);

	zval property_bodyExcerpt_default_value;
	ZVAL_EMPTY_STRING(&property_bodyExcerpt_default_value);
	zend_string *property_bodyExcerpt_name = zend_string_init("bodyExcerpt", sizeof("bodyExcerpt") - 1, 1);
	zend_declare_typed_property(class_entry, property_bodyExcerpt_name, &property_bodyExcerpt_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_bodyExcerpt_name);

	zval property_offset_default_value;
	ZVAL_LONG(&property_offset_default_value, -1);
	zend_string *property_offset_name = zend_string_init("offset", sizeof("offset") - 1, 1);
	zend_declare_typed_property(class_entry, property_offset_name, &property_offset_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_offset_name);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_ConflictException(zend_class_entry *class_entry_RuntimeException, zend_class_entry *class_entry_Vtws_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "ConflictException", class_Vtws_ConflictException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
	zend_class_implements(class_entry, 1, class_entry_Vtws_Exception);

	zval property_recordId_default_value;
	ZVAL_EMPTY_STRING(&property_recordId_default_value);
	zend_string *property_recordId_name = zend_string_init("recordId", sizeof("recordId") - 1, 1);
	zend_declare_typed_property(class_entry, property_recordId_name, &property_recordId_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_recordId_name);

	zval property_expectedModifiedTime_default_value;
	ZVAL_EMPTY_STRING(&property_expectedModifiedTime_default_value);
	zend_string *property_expectedModifiedTime_name = zend_string_init("expectedModifiedTime", sizeof("expectedModifiedTime") - 1, 1);
	zend_declare_typed_property(class_entry, property_expectedModifiedTime_name, &property_expectedModifiedTime_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_expectedModifiedTime_name);

	zval property_storedModifiedTime_default_value;
	ZVAL_EMPTY_STRING(&property_storedModifiedTime_default_value);
	zend_string *property_storedModifiedTime_name = zend_string_init("storedModifiedTime", sizeof("storedModifiedTime") - 1, 1);
	zend_declare_typed_property(class_entry, property_storedModifiedTime_name, &property_storedModifiedTime_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_storedModifiedTime_name);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_Client(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "Client", class_Vtws_Client_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "login", sizeof("login") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "usesession", sizeof("usesession") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	return class_entry;
}

static zend_class_entry *register_class_Vtws_RowIterator(zend_class_entry *class_entry_Iterator)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "RowIterator", class_Vtws_RowIterator_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_Iterator);

	return class_entry;
}
