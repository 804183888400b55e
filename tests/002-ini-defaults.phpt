--TEST--
INI defaults, and the client picks them up
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

var_dump(ini_get('vtws.default_timeout'));
var_dump(ini_get('vtws.default_connect_timeout'));
var_dump(ini_get('vtws.user_agent'));
var_dump(ini_get('vtws.ca_file'));

$client = new Vtws\Client('http://127.0.0.1:1');
$view = print_r($client, true);
var_dump(str_contains($view, '[timeout] => 30'));
var_dump(str_contains($view, '[connect_timeout] => 10'));

// A runtime change applies to clients constructed afterwards.
ini_set('vtws.default_timeout', '2.5');
$later = new Vtws\Client('http://127.0.0.1:1');
var_dump(str_contains(print_r($later, true), '[timeout] => 2.5'));

// The user agent default follows the INI setting too.
ini_set('vtws.user_agent', 'probe/1');
var_dump(ini_get('vtws.user_agent'));
?>
--EXPECT--
string(2) "30"
string(2) "10"
string(10) "vtws/0.1.0"
string(0) ""
bool(true)
bool(true)
bool(true)
string(7) "probe/1"
