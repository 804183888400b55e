--TEST--
Exception hierarchy; Client and RowIterator are final, not serializable, not cloneable
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

var_dump(interface_exists('Vtws\Exception'));
var_dump(is_subclass_of('Vtws\Exception', 'Throwable'));
foreach ([
    'Vtws\ApiException' => 'RuntimeException',
    'Vtws\TransportException' => 'RuntimeException',
    'Vtws\ProtocolException' => 'UnexpectedValueException',
] as $class => $parent) {
    $r = new ReflectionClass($class);
    echo $class, ': ', get_parent_class($class), ', ',
        $r->implementsInterface('Vtws\Exception') ? 'implements Vtws\Exception' : 'MISSING Vtws\Exception',
        ', final=', var_export($r->isFinal(), true), "\n";
    var_dump(get_parent_class($class) === $parent);
}

$api = new Vtws\ApiException('m');
var_dump($api->getVtigerCode(), $api->getOperation());
$transport = new Vtws\TransportException('m');
var_dump($transport->getHttpStatus(), $transport->getBodyExcerpt(), $transport->getOperation());
$protocol = new Vtws\ProtocolException('m');
var_dump($protocol->getHttpStatus(), $protocol->getOffset(), $protocol->getBodyExcerpt());

foreach (['Vtws\Client', 'Vtws\RowIterator'] as $class) {
    $r = new ReflectionClass($class);
    echo $class, ': final=', var_export($r->isFinal(), true), "\n";
}
var_dump(is_subclass_of('Vtws\RowIterator', 'Iterator'));

$client = new Vtws\Client('http://127.0.0.1:1');
try {
    serialize($client);
} catch (Exception $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    unserialize('O:11:"Vtws\Client":0:{}');
} catch (Exception $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    $copy = clone $client;
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    $client->dynamic = 1;
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    new Vtws\RowIterator();
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
// Reflection cannot make a client that skipped its constructor.
try {
    (new ReflectionClass('Vtws\Client'))->newInstanceWithoutConstructor();
} catch (ReflectionException $e) {
    echo get_class($e), "\n";
}
try {
    $client->__construct('http://127.0.0.1:2');
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
bool(true)
bool(true)
Vtws\ApiException: RuntimeException, implements Vtws\Exception, final=false
bool(true)
Vtws\TransportException: RuntimeException, implements Vtws\Exception, final=false
bool(true)
Vtws\ProtocolException: UnexpectedValueException, implements Vtws\Exception, final=false
bool(true)
string(0) ""
string(0) ""
int(0)
string(0) ""
string(0) ""
int(0)
int(-1)
string(0) ""
Vtws\Client: final=true
Vtws\RowIterator: final=true
bool(true)
Exception: Serialization of 'Vtws\Client' is not allowed
Exception: Unserialization of 'Vtws\Client' is not allowed
Error: Trying to clone an uncloneable object of class Vtws\Client
Error: Cannot create dynamic property Vtws\Client::$dynamic
Error: Call to private Vtws\RowIterator::__construct() from global scope
ReflectionException
Error: Vtws\Client is already constructed
