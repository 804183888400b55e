<?php

/*
 * Loads a real Vtiger for the in-process half of the shared suite. Vtiger's config and
 * bootstrap need global scope, so this runs as PHP's auto_prepend_file (see
 * docs/in-process.md); it does nothing unless VTIGER_ROOT names a Vtiger root.
 */

if ((string) getenv('VTIGER_ROOT') !== '') {
    chdir((string) getenv('VTIGER_ROOT'));
    require_once 'config.php';
    require_once 'vendor/autoload.php';
    include_once 'include/Webservices/Relation.php';
    include_once 'vtlib/Vtiger/Module.php';
    include_once 'includes/main/WebUI.php';
    require_once 'include/Webservices/Utils.php';
    require_once 'include/Webservices/State.php';
    require_once 'include/Webservices/OperationManager.php';
    require_once 'include/Zend/Json.php';
    $log = Logger::getLogger('webservice');
}
