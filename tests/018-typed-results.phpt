--TEST--
typed results: conversion by describe's field types, the id-prefix lookup and a failing describe free what they allocate
--SKIPIF--
<?php
if (!extension_loaded('vtws')) die('skip vtws not loaded');
if (!getenv('VTWS_PHPT_SERVER')) die('skip VTWS_PHPT_SERVER (URL of a running tests/server) not set; tools/test.sh sets it');
?>
--FILE--
<?php
declare(strict_types=1);

function control(string $base, string $path, array $params = []): void
{
    file_get_contents("$base/__vtws/$path", false, stream_context_create(['http' => [
        'method' => 'POST',
        'header' => 'Content-Type: application/x-www-form-urlencoded',
        'content' => http_build_query($params),
    ]]));
}

$base = rtrim((string) getenv('VTWS_PHPT_SERVER'), '/');
control($base, 'reset');
$c = new Vtws\Client($base, ['timeout' => 10, 'typed' => true]);
$c->login('admin', 'vtwsAdminAccessK');
$p = $c->create('Products', ['productname' => 'phpt', 'unit_price' => '2.25', 'reorderlevel' => '4',
    'qtyindemand' => '', 'discontinued' => '0', 'assigned_user_id' => '19x1']);
var_dump($p['unit_price'], $p['reorderlevel'], $p['qtyindemand'], $p['discontinued']);
$c->clearCache();
var_dump($c->retrieve($p['id'])['unit_price']);
$c->clearCache();
control($base, 'fault', ['kind' => 'http500', 'count' => 1, 'operation' => 'describe']);
try {
    $c->query('SELECT unit_price FROM Products LIMIT 1');
} catch (Vtws\TransportException $e) {
    echo get_class($e), ' ', $e->getHttpStatus(), "\n";
}
control($base, 'fault', ['kind' => 'http500', 'count' => 1, 'operation' => 'listtypes']);
try {
    $c->retrieve($p['id']);
} catch (Vtws\TransportException $e) {
    echo get_class($e), ' ', $e->getHttpStatus(), "\n";
}
foreach ($c->queryAll('SELECT unit_price FROM Products WHERE id = ?', [$p['id']]) as $row) {
    var_dump($row['unit_price']);
}
?>
--EXPECT--
float(2.25)
int(4)
NULL
bool(false)
float(2.25)
Vtws\TransportException 500
Vtws\TransportException 500
float(2.25)
