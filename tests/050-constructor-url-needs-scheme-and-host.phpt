--TEST--
Client::__construct() refuses URLs libcurl would only guess at: a missing // or host (found by fuzzing)
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

foreach (['https:/.', 'http:/crm.example.com', 'http:///crm', 'https://', 'http://@/', 'http://:80/', 'http:example.com'] as $url) {
    try {
        new Vtws\Client($url);
        echo 'ACCEPTED ', $url, "\n";
    } catch (ValueError $e) {
        echo $url, ': ', $e->getMessage(), "\n";
    }
}
// Scheme case, IPv6 literals and credentials in the authority stay accepted.
foreach (['HTTPS://Crm.Example.com/vtiger/', 'http://[::1]:8080', 'https://user:pw@crm.example.com'] as $url) {
    echo (new Vtws\Client($url))->getUrl(), "\n";
}
?>
--EXPECT--
https:/.: Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
http:/crm.example.com: Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
http:///crm: Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
https://: Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
http://@/: Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
http://:80/: Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
http:example.com: Vtws\Client::__construct(): Argument #1 ($url) must be an http:// or https:// URL of the Vtiger CRM
HTTPS://Crm.Example.com/vtiger/webservice.php
http://[::1]:8080/webservice.php
https://user:pw@crm.example.com/webservice.php
