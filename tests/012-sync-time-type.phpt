--TEST--
sync() and syncAll() reject a $modifiedTime that is neither int nor DateTimeInterface with a TypeError
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

$client = new Vtws\Client('http://127.0.0.1:1', ['connect_timeout' => 5]);
$client->useSession('secret-session-id');

$values = ['string' => 'yesterday', 'float' => 1.5, 'array' => [], 'null' => null, 'bool' => true,
    'object' => new stdClass()];
foreach (['sync', 'syncAll'] as $method) {
    foreach ($values as $name => $value) {
        try {
            $client->$method($value, 'Contacts');
            echo "$method($name): no exception\n";
        } catch (TypeError $e) {
            echo "$method($name): TypeError ", str_contains($e->getMessage(), 'Argument #1 ($modifiedTime)')
                ? 'names the argument' : $e->getMessage(), "\n";
        }
    }
}
?>
--EXPECT--
sync(string): TypeError names the argument
sync(float): TypeError names the argument
sync(array): TypeError names the argument
sync(null): TypeError names the argument
sync(bool): TypeError names the argument
sync(object): TypeError names the argument
syncAll(string): TypeError names the argument
syncAll(float): TypeError names the argument
syncAll(array): TypeError names the argument
syncAll(null): TypeError names the argument
syncAll(bool): TypeError names the argument
syncAll(object): TypeError names the argument
