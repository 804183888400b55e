-- Vtiger CRM 8.0 webservice operation tables as a fresh install creates them on MariaDB:
-- column definitions from schema/DatabaseSchema.xml (ADOdb xmlschema: no unique key on
-- vtiger_ws_operation.name), the 38 default operations in their install order, and
-- vtiger_ws_operation_seq holding the last id handed out. Loaded by the registry tests.
DROP TABLE IF EXISTS vtiger_ws_operation_parameters;
DROP TABLE IF EXISTS vtiger_ws_operation;
DROP TABLE IF EXISTS vtiger_ws_operation_seq;

CREATE TABLE vtiger_ws_operation (
  operationid int(11) NOT NULL AUTO_INCREMENT,
  name varchar(128) NOT NULL,
  handler_path varchar(255) NOT NULL,
  handler_method varchar(64) NOT NULL,
  type varchar(8) NOT NULL,
  prelogin int(3) NOT NULL,
  PRIMARY KEY (operationid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

CREATE TABLE vtiger_ws_operation_parameters (
  operationid int(11) NOT NULL AUTO_INCREMENT,
  name varchar(128) NOT NULL,
  type varchar(64) NOT NULL,
  sequence int(11) NOT NULL,
  PRIMARY KEY (operationid, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

CREATE TABLE vtiger_ws_operation_seq (
  id int(11) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO vtiger_ws_operation (operationid, name, handler_path, handler_method, type, prelogin) VALUES
  (1, 'login', 'include/Webservices/Login.php', 'vtws_login', 'POST', 1),
  (2, 'retrieve', 'include/Webservices/Retrieve.php', 'vtws_retrieve', 'GET', 0),
  (3, 'create', 'include/Webservices/Create.php', 'vtws_create', 'POST', 0),
  (4, 'update', 'include/Webservices/Update.php', 'vtws_update', 'POST', 0),
  (5, 'delete', 'include/Webservices/Delete.php', 'vtws_delete', 'POST', 0),
  (6, 'sync', 'include/Webservices/GetUpdates.php', 'vtws_sync', 'GET', 0),
  (7, 'query', 'include/Webservices/Query.php', 'vtws_query', 'GET', 0),
  (8, 'logout', 'include/Webservices/Logout.php', 'vtws_logout', 'POST', 0),
  (9, 'listtypes', 'include/Webservices/ModuleTypes.php', 'vtws_listtypes', 'GET', 0),
  (10, 'getchallenge', 'include/Webservices/AuthToken.php', 'vtws_getchallenge', 'GET', 1),
  (11, 'describe', 'include/Webservices/DescribeObject.php', 'vtws_describe', 'GET', 0),
  (12, 'extendsession', 'include/Webservices/ExtendSession.php', 'vtws_extendSession', 'POST', 1),
  (13, 'convertlead', 'include/Webservices/ConvertLead.php', 'vtws_convertlead', 'POST', 0),
  (14, 'revise', 'include/Webservices/Revise.php', 'vtws_revise', 'POST', 0),
  (15, 'changePassword', 'include/Webservices/ChangePassword.php', 'vtws_changePassword', 'POST', 0),
  (16, 'deleteUser', 'include/Webservices/DeleteUser.php', 'vtws_deleteUser', 'POST', 0),
  (17, 'mobile.fetchallalerts', 'modules/Mobile/api/wsapi.php', 'mobile_ws_fetchAllAlerts', 'POST', 0),
  (18, 'mobile.alertdetailswithmessage', 'modules/Mobile/api/wsapi.php', 'mobile_ws_alertDetailsWithMessage', 'POST', 0),
  (19, 'mobile.fetchmodulefilters', 'modules/Mobile/api/wsapi.php', 'mobile_ws_fetchModuleFilters', 'POST', 0),
  (20, 'mobile.fetchrecord', 'modules/Mobile/api/wsapi.php', 'mobile_ws_fetchRecord', 'POST', 0),
  (21, 'mobile.fetchrecordwithgrouping', 'modules/Mobile/api/wsapi.php', 'mobile_ws_fetchRecordWithGrouping', 'POST', 0),
  (22, 'mobile.filterdetailswithcount', 'modules/Mobile/api/wsapi.php', 'mobile_ws_filterDetailsWithCount', 'POST', 0),
  (23, 'mobile.listmodulerecords', 'modules/Mobile/api/wsapi.php', 'mobile_ws_listModuleRecords', 'POST', 0),
  (24, 'mobile.saverecord', 'modules/Mobile/api/wsapi.php', 'mobile_ws_saveRecord', 'POST', 0),
  (25, 'mobile.syncModuleRecords', 'modules/Mobile/api/wsapi.php', 'mobile_ws_syncModuleRecords', 'POST', 0),
  (26, 'mobile.query', 'modules/Mobile/api/wsapi.php', 'mobile_ws_query', 'POST', 0),
  (27, 'mobile.querywithgrouping', 'modules/Mobile/api/wsapi.php', 'mobile_ws_queryWithGrouping', 'POST', 0),
  (28, 'wsapp_register', 'modules/WSAPP/api/ws/Register.php', 'wsapp_register', 'POST', 0),
  (29, 'wsapp_deregister', 'modules/WSAPP/api/ws/DeRegister.php', 'wsapp_deregister', 'POST', 0),
  (30, 'wsapp_get', 'modules/WSAPP/api/ws/Get.php', 'wsapp_get', 'POST', 0),
  (31, 'wsapp_put', 'modules/WSAPP/api/ws/Put.php', 'wsapp_put', 'POST', 0),
  (32, 'wsapp_map', 'modules/WSAPP/api/ws/Map.php', 'wsapp_map', 'POST', 0),
  (33, 'retrieve_inventory', 'include/Webservices/LineItem/RetrieveInventory.php', 'vtws_retrieve_inventory', 'GET', 0),
  (34, 'relatedtypes', 'include/Webservices/RelatedTypes.php', 'vtws_relatedtypes', 'GET', 0),
  (35, 'retrieve_related', 'include/Webservices/RetrieveRelated.php', 'vtws_retrieve_related', 'GET', 0),
  (36, 'query_related', 'include/Webservices/QueryRelated.php', 'vtws_query_related', 'GET', 0),
  (37, 'add_related', 'include/Webservices/AddRelated.php', 'vtws_add_related', 'POST', 0),
  (38, 'files_retrieve', 'include/Webservices/FileRetrieve.php', 'vtws_file_retrieve', 'GET', 0);

INSERT INTO vtiger_ws_operation_parameters (operationid, name, type, sequence) VALUES
  (1, 'username', 'String', 1),
  (1, 'accessKey', 'String', 2),
  (2, 'id', 'String', 1),
  (3, 'elementType', 'String', 1),
  (3, 'element', 'encoded', 2),
  (4, 'element', 'encoded', 1),
  (5, 'id', 'String', 1),
  (6, 'modifiedTime', 'DateTime', 1),
  (6, 'elementType', 'String', 2),
  (7, 'query', 'String', 1),
  (8, 'sessionName', 'String', 1),
  (9, 'fieldTypeList', 'encoded', 1),
  (10, 'username', 'String', 1),
  (11, 'elementType', 'String', 1),
  (13, 'element', 'encoded', 1),
  (14, 'element', 'Encoded', 1),
  (15, 'id', 'String', 1),
  (15, 'oldPassword', 'String', 2),
  (15, 'newPassword', 'String', 3),
  (15, 'confirmPassword', 'String', 4),
  (16, 'id', 'String', 1),
  (16, 'newOwnerId', 'String', 2),
  (18, 'alertid', 'string', 1),
  (19, 'module', 'string', 1),
  (20, 'record', 'string', 1),
  (21, 'record', 'string', 1),
  (22, 'filterid', 'string', 1),
  (23, 'elements', 'encoded', 1),
  (24, 'module', 'string', 1),
  (24, 'record', 'string', 2),
  (24, 'values', 'encoded', 3),
  (25, 'module', 'string', 1),
  (25, 'syncToken', 'string', 2),
  (25, 'page', 'string', 3),
  (26, 'module', 'string', 1),
  (26, 'query', 'string', 2),
  (26, 'page', 'string', 3),
  (27, 'module', 'string', 1),
  (27, 'query', 'string', 2),
  (27, 'page', 'string', 3),
  (28, 'type', 'string', 1),
  (28, 'synctype', 'string', 2),
  (29, 'type', 'string', 1),
  (29, 'key', 'string', 2),
  (30, 'key', 'string', 1),
  (30, 'module', 'string', 2),
  (30, 'token', 'string', 3),
  (31, 'key', 'string', 1),
  (31, 'element', 'encoded', 2),
  (32, 'key', 'string', 1),
  (32, 'element', 'encoded', 2),
  (33, 'id', 'String', 1),
  (34, 'elementType', 'string', 1),
  (35, 'id', 'string', 1),
  (35, 'relatedType', 'string', 2),
  (35, 'relatedLabel', 'string', 3),
  (36, 'query', 'string', 1),
  (36, 'id', 'string', 2),
  (36, 'relatedLabel', 'string', 3),
  (37, 'sourceRecordId', 'string', 1),
  (37, 'relatedRecordId', 'string', 2),
  (37, 'relationIdLabel', 'string', 3),
  (38, 'id', 'string', 1);

INSERT INTO vtiger_ws_operation_seq (id) VALUES (38);
