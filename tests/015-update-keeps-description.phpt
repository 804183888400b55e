--TEST--
update() completes an omitted description, refuses a stale modifiedtime, and frees both paths
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
$c = new Vtws\Client($base, ['timeout' => 5]);
$c->login('admin', 'vtwsAdminAccessK');
$note = 'Café « crème » <b>&</b> "quoted"';
$id = $c->create('Contacts', ['lastname' => 'Note', 'description' => $note, 'assigned_user_id' => '19x1'])['id'];
$c->update(['id' => $id, 'lastname' => 'Note 2', 'assigned_user_id' => '19x1']);
var_dump($c->retrieve($id)['description'] === $note);

$read = $c->retrieve($id);
control($base, 'clock', ['advance' => 5]);
$c->revise(['id' => $id, 'title' => 'changed elsewhere']);
try {
    $c->update(['lastname' => 'Stale'] + $read);
} catch (Vtws\ConflictException $e) {
    echo get_class($e), ': ', $e->getRecordId() === $id ? 'id ok' : 'wrong id', "\n";
}
try {
    $c->update(['id' => '12x999999', 'lastname' => 'Gone', 'assigned_user_id' => '19x1']);
} catch (Vtws\ApiException $e) {
    echo $e->getOperation(), ': ', $e->getVtigerCode(), "\n";
}
$c->delete($id);
?>
--EXPECT--
bool(true)
Vtws\ConflictException: id ok
retrieve: ACCESS_DENIED
