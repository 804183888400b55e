--TEST--
Client::__construct() accepts the CRM base URL or the webservice.php URL and rejects the rest
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

$accepted = [
    'http://crm.example.com',
    'http://crm.example.com/',
    'https://crm.example.com/vtigercrm',
    'https://crm.example.com/vtigercrm///',
    'http://127.0.0.1:8080/webservice.php',
    'https://crm.example.com/vtigercrm/webservice.php',
    // A trailing slash after the script name must not add a second webservice.php.
    'https://crm.example.com/vtigercrm/webservice.php/',
];
foreach ($accepted as $url) {
    echo $url, ' -> ', (new Vtws\Client($url))->getUrl(), "\n";
}

$rejected = [
    '',
    'crm.example.com',
    'ftp://crm.example.com/',
    'file:///crm/webservice.php',
    'javascript:alert(1)',
    "http://crm.example.com/\0evil",
    'http://crm.example.com/?operation=login',
    'https://crm.example.com/webservice.php?sessionName=x',
];
foreach ($rejected as $url) {
    try {
        new Vtws\Client($url);
        echo 'ACCEPTED ', json_encode($url), "\n";
    } catch (ValueError $e) {
        echo json_encode($url), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
http://crm.example.com -> http://crm.example.com/webservice.php
http://crm.example.com/ -> http://crm.example.com/webservice.php
https://crm.example.com/vtigercrm -> https://crm.example.com/vtigercrm/webservice.php
https://crm.example.com/vtigercrm/// -> https://crm.example.com/vtigercrm/webservice.php
http://127.0.0.1:8080/webservice.php -> http://127.0.0.1:8080/webservice.php
https://crm.example.com/vtigercrm/webservice.php -> https://crm.example.com/vtigercrm/webservice.php
https://crm.example.com/vtigercrm/webservice.php/ -> https://crm.example.com/vtigercrm/webservice.php
"": Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
"crm.example.com": Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
"ftp:\/\/crm.example.com\/": Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
"file:\/\/\/crm\/webservice.php": Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
"javascript:alert(1)": Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
"http:\/\/crm.example.com\/\u0000evil": Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
"http:\/\/crm.example.com\/?operation=login": Vtws\Client::__construct(): Argument #1 ($url) must not contain a query string or fragment
"https:\/\/crm.example.com\/webservice.php?sessionName=x": Vtws\Client::__construct(): Argument #1 ($url) must not contain a query string or fragment
