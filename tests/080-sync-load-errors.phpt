--TEST--
Sync Connector: load errors name the element and its line; warnings, strict mode and options
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

use Vtws\Sync\Connector;
use Vtws\Sync\LoadException;

function definition(string $modules = '', string $pull = '', string $extra = '', string $synctype = 'user', string $root = 'connector'): string
{
    $modules = $modules ?: '<module servicemodule="companies" vtigermodule="Accounts"/>';
    $pull = $pull ?: '<request method="post"><url>/x</url>
        <parameters><parameter name="since" value="@lastsynctoken"/></parameters></request>';
    return <<<XML
<?xml version="1.0"?>
<$root>
  <synctype>$synctype</synctype>
  <config><fields><field name="apikey" type="password" required="true"/></fields></config>
  <modules>$modules</modules>
  <service><url>https://svc.example</url></service>
  <pull>
    $pull
    <response><records use="items"/><recordid use="id"/><recordmodifiedtime use="t"/></response>
  </pull>
  $extra
</$root>
XML;
}

function attempt(string $label, callable $load): void
{
    try {
        $c = $load();
        echo "$label: loaded, warnings: ", json_encode(array_column($c->getWarnings(), 'message')), "\n";
    } catch (LoadException $e) {
        printf("%s: %s [line %d, <%s>] %s\n", $label, get_class($e), $e->getXmlLine(), $e->getElement(),
            $e->getMessage());
        if (!$e instanceof Vtws\Exception) {
            echo "not a Vtws\\Exception\n";
        }
    } catch (ValueError $e) {
        echo "$label: ValueError: ", $e->getMessage(), "\n";
    }
}

$ok = ['config' => ['apikey' => 'k']];
attempt('any root name', fn () => Connector::fromString(definition(root: 'whatever'), $ok));
attempt('unknown format', fn () => Connector::fromString(definition(pull: '<request><url>/x</url><parameters>
    <parameter name="a" value="x|shout"/></parameters></request>'), $ok));
attempt('unknown token', fn () => Connector::fromString(definition(pull: '<request><url>/x</url><parameters>
    <parameter name="a" value="@lastsync"/></parameters></request>'), $ok));
attempt('token out of context', fn () => Connector::fromString(definition(pull: '<request><url>/x</url><parameters>
    <parameter name="a" value="@records"/></parameters></request>'), $ok));
attempt('cycle', fn () => Connector::fromString(definition(modules: '
    <module servicemodule="a" vtigermodule="Accounts" dependenton="Contacts"/>
    <module servicemodule="b" vtigermodule="Contacts" dependenton="Accounts"/>'), $ok));
attempt('unknown dependency', fn () => Connector::fromString(definition(modules: '
    <module servicemodule="b" vtigermodule="Contacts" dependenton="Leads"/>'), $ok));
attempt('unknown element', fn () => Connector::fromString(definition(extra: '<schedule/>'), $ok));
attempt('unknown element, strict', fn () => Connector::fromString(definition(extra: '<schedule/>'), $ok + ['strict' => true]));
attempt('bad synctype', fn () => Connector::fromString(definition(synctype: 'team'), $ok));
attempt('app synctype', fn () => Connector::fromString(definition(synctype: 'app'), $ok));
attempt('app synctype, strict', fn () => Connector::fromString(definition(synctype: 'app'), $ok + ['strict' => true]));
attempt('missing required config', fn () => Connector::fromString(definition()));
attempt('missing records path', fn () => Connector::fromString(str_replace('<records use="items"/>', '', definition()), $ok));
attempt('value and values', fn () => Connector::fromString(definition(pull: '<request><url>/x</url><parameters>
    <parameter name="a" value="1"><values><value>x</value></values></parameter></parameters></request>'), $ok));
attempt('named and unnamed values', fn () => Connector::fromString(definition(pull: '<request><url>/x</url><parameters>
    <parameter name="a"><values name="n"><value>x</value></values><values><value>y</value></values></parameter>
    </parameters></request>'), $ok));
attempt('bad key length', fn () => Connector::fromString(str_replace('<records use="items"/>',
    '<records use="items"/><decrypt use="true"/><key use="short"/>', definition()), $ok));
attempt('not XML', fn () => Connector::fromString("<connector><synctype>user</connector>", $ok));
attempt('DTD refused', fn () => Connector::fromString('<?xml version="1.0"?>
<!DOCTYPE connector [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<connector><synctype>&x;</synctype></connector>', $ok));
attempt('missing file', fn () => @Connector::fromFile(__DIR__ . '/no-such-definition.xml', $ok));
attempt('unknown option', fn () => Connector::fromString(definition(), $ok + ['colour' => 'red']));
attempt('bad conflict', fn () => Connector::fromString(definition(), $ok + ['conflict' => 'oldest']));
attempt('bad vtiger', fn () => Connector::fromString(definition(), $ok + ['vtiger' => new stdClass()]));
attempt('bad state', fn () => Connector::fromString(definition(), $ok + ['state' => new stdClass()]));
attempt('bad logger', fn () => Connector::fromString(definition(), $ok + ['logger' => 42]));
attempt('bad budget', fn () => Connector::fromString(definition(), $ok + ['budget' => 0]));
attempt('bad config', fn () => Connector::fromString(definition(), ['config' => ['apikey' => []]]));

$logged = [];
Connector::fromString(definition(extra: '<schedule/>'), $ok + ['logger' => function (string $level, string $message, array $context) use (&$logged) {
    $logged[] = "$level: $message (line {$context['line']})";
}]);
echo implode("\n", $logged), "\n";
echo json_encode(Connector::fromString(definition(modules: '
    <module servicemodule="b" vtigermodule="Contacts" dependenton="Accounts"/>
    <module servicemodule="a" vtigermodule="Accounts"/>'), $ok)->getPairs()), "\n";
?>
--EXPECTF--
any root name: loaded, warnings: []
unknown format: Vtws\Sync\LoadException [line 9, <parameter>] line 9 <parameter>: unknown format "shout"
unknown token: Vtws\Sync\LoadException [line 9, <parameter>] line 9 <parameter>: unknown token "@lastsync"
token out of context: Vtws\Sync\LoadException [line 9, <parameter>] line 9 <parameter>: token "@records" cannot be used in pull requests
cycle: Vtws\Sync\LoadException [line 5, <modules>] line 5 <modules>: dependenton cycle through "Accounts"
unknown dependency: Vtws\Sync\LoadException [line 6, <module>] line 6 <module>: dependenton names "Leads", which is not a paired vtigermodule
unknown element: loaded, warnings: ["unknown element <schedule> in <connector> ignored"]
unknown element, strict: Vtws\Sync\LoadException [line 12, <schedule>] line 12 <schedule>: unknown element <schedule> in <connector>
bad synctype: Vtws\Sync\LoadException [line 3, <synctype>] line 3 <synctype>: synctype must be user, userandgroup or app, not "team"
app synctype: loaded, warnings: ["synctype \"app\" cannot be honoured over Vtiger's webservice, whose sync is per user; only the sync user's own records are pushed"]
app synctype, strict: Vtws\Sync\LoadException [line 3, <synctype>] line 3 <synctype>: synctype "app" cannot be honoured: Vtiger's webservice sync is per user
missing required config: Vtws\Sync\LoadException [line 4, <config>] line 4 <config>: config field "apikey" is required but has no value
missing records path: Vtws\Sync\LoadException [line 10, <response>] line 10 <response>: the pull <response> needs <records use="..."/>
value and values: Vtws\Sync\LoadException [line 9, <parameter>] line 9 <parameter>: <parameter> has both a value attribute and <values>
named and unnamed values: Vtws\Sync\LoadException [line 9, <parameter>] line 9 <parameter>: <parameter> mixes named and unnamed <values>
bad key length: Vtws\Sync\LoadException [line 7, <pull>] line 7 <pull>: the AES-256-ECB key must be 32 bytes long, 5 given
not XML: Vtws\Sync\LoadException [line 1, <>] line 1: the definition is not well-formed XML: %s
DTD refused: Vtws\Sync\LoadException [line 3, <connector>] line 3 <connector>: a document type declaration is not allowed in a definition
missing file: Vtws\Sync\LoadException [line 0, <>] %sno-such-definition.xml: the definition cannot be read
unknown option: ValueError: Vtws\Sync\Connector::fromString(): Argument #2 ($options) unknown option "colour"; known options: vtiger, config, state, conflict, budget, cron, progress, logger, clock, strict, name, syncRecordsFrom, accessToken, urlencode, timeout, verifyPeer, caFile and <MODULE>_<CONNECTOR>_SYNC_RECORDS_LIMIT[_CLI]
bad conflict: ValueError: Vtws\Sync\Connector::fromString(): Argument #2 ($options) option "conflict" must be "newest", "service" or "vtiger"
bad vtiger: ValueError: Vtws\Sync\Connector::fromString(): Argument #2 ($options) option "vtiger" must be a Vtws\Client
bad state: ValueError: Vtws\Sync\Connector::fromString(): Argument #2 ($options) option "state" must be an object implementing Vtws\Sync\State, stdClass given
bad logger: ValueError: Vtws\Sync\Connector::fromString(): Argument #2 ($options) option "logger" must be callable or an object with a log() method
bad budget: ValueError: Vtws\Sync\Connector::fromString(): Argument #2 ($options) option "budget" must be a positive int
bad config: ValueError: Vtws\Sync\Connector::fromString(): Argument #2 ($options) option "config" must map field names to strings, numbers or booleans
warning: unknown element <schedule> in <connector> ignored (line 12)
["Accounts","Contacts"]
