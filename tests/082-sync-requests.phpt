--TEST--
Sync Connector: parameter trees, encodings, placeholders, module overrides and auth headers
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

use Vtws\Sync\Connector;

function connector(string $request, string $auth = '<apikey token="$config.$fields.apikey"/>', array $options = []): Connector
{
    $xml = <<<XML
<connector>
  <synctype>user</synctype>
  <config><fields>
    <field name="apikey" type="password" required="true"/>
    <field name="user" type="text" value="ann"/>
    <field name="base" type="url" value="https://svc.example/v1"/>
  </fields></config>
  <modules>
    <module servicemodule="companies" vtigermodule="Accounts"/>
    <module servicemodule="people" vtigermodule="Contacts"/>
  </modules>
  <service><url BASE="\$config.\$fields.base">\$BASE</url><auth>$auth</auth></service>
  <pull>
    $request
    <response><records use="items"/><recordid use="id"/><recordmodifiedtime use="t"/></response>
  </pull>
</connector>
XML;
    return Connector::fromString($xml, $options + ['config' => ['apikey' => 'k-123']]);
}

function show(array $request): void
{
    echo $request['method'], ' ', $request['url'], "\n";
    foreach ($request['headers'] as $name => $value) {
        echo "  $name: $value\n";
    }
    echo '  body: ', json_encode($request['body'], JSON_UNESCAPED_SLASHES), "\n";
}

echo "-- 4: shapes, three levels, raw JSON body with default Content-Type\n";
$c = connector('<request method="post"><url>/search</url><parameters raw-post-data="true">
  <parameter name="k" value="v"/>
  <parameter name="unnamed"><values><parameter name="a" value="1"/><parameter name="b" value="2"/></values></parameter>
  <parameter name="named"><values name="n"><parameter name="a" value="1"/></values></parameter>
  <parameter name="list"><values><value>x</value><value>y</value></values><values><value>@lastsynctoken</value></values></parameter>
  <parameter name="deep"><values><parameter name="l2"><values name="l3"><parameter name="l4"><values><value>z</value></values></parameter></values></parameter></values></parameter>
  <parameter name="two"><values><parameter name="a" value="1"/></values><values><parameter name="a" value="2"/></values></parameter>
  <parameter name="limit" value="100|int"/>
</parameters></request>');
show($c->buildRequest('Accounts', 'pull', ['token' => 1714521600]));

echo "-- 5: GET query string, POST form body, DELETE query string\n";
$params = '<parameters><parameter name="since" value="@lastsynctoken:T"/><parameter name="f"><values><value>a</value><value>b c</value></values></parameter></parameters>';
show(connector("<request><url>/list?x=1</url>$params</request>")->buildRequest('Accounts', 'pull', ['token' => 1714521600]));
show(connector("<request method=\"post\"><url>/list</url>$params</request>")->buildRequest('Accounts', 'pull', ['token' => 1714521600]));
show(connector("<request method=\"delete\"><url>/list</url>$params</request>")->buildRequest('Accounts', 'pull', ['token' => 1714521600]));

echo "-- 7, 8: @syncmodule and config in URL attributes, headers and parameters; longest name first\n";
$c = connector('<request method="post"><url MOD="@syncmodule" MODE="v2" KEY="$config.$fields.apikey">/$MODE/$MOD/search?key=$KEY&amp;x=$UNKNOWN</url>
  <headers><header name="X-Key" value="$config.$fields.apikey"/><header name="X-Module" value="@syncmodule" format="prefix:m-"/></headers>
  <parameters raw-post-data="true"><parameter name="key" value="$config.$fields.apikey"/></parameters></request>');
show($c->buildRequest('Accounts', 'pull'));
show($c->buildRequest('Contacts', 'pull'));

echo "-- 10: format attribute equals the pipe form\n";
$c = connector('<request method="post"><url>/x</url><parameters raw-post-data="true">
  <parameter name="attr" value="@lastsynctoken" format="dateformat:Y-m-d"/>
  <parameter name="pipe" value="@lastsynctoken|dateformat:Y-m-d"/>
  <parameter name="both" value="@lastsynctoken|dateformat:Y" format="prefix:year "/></parameters></request>');
show($c->buildRequest('Accounts', 'pull', ['token' => 1714521600]));

echo "-- 11: module element replaces the shared parameters for that module only\n";
$c = connector('<request method="post"><url>/shared</url>
  <headers><header name="X-Shared" value="1"/></headers>
  <parameters raw-post-data="true"><parameter name="shared" value="1"/></parameters>
  <Contacts><parameters raw-post-data="true"><parameter name="contacts" value="1"/></parameters></Contacts></request>');
show($c->buildRequest('Accounts', 'pull'));
show($c->buildRequest('Contacts', 'pull'));

echo "-- 32: basic and apikey auth; a request header overrides auth\n";
show(connector('<request><url>/x</url></request>', '<basic username="$config.$fields.user" password="$config.$fields.apikey"/>')->buildRequest('Accounts', 'pull'));
show(connector('<request><url>/x</url><headers><header name="authorization" value="Token abc"/></headers></request>')->buildRequest('Accounts', 'pull'));
show(connector('<request><url>https://other.example/abs</url></request>', '<oauth type="vtap" service="x" module="y"/>', ['accessToken' => 'tok'])->buildRequest('Accounts', 'pull'));

echo "-- arguments\n";
foreach ([['Leads', 'pull', []], ['Accounts', 'sideways', []], ['Accounts', 'push', []], ['Accounts', 'pull', ['mode' => 'create']]] as [$pair, $dir, $ctx]) {
    try {
        $c->buildRequest($pair, $dir, $ctx);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
-- 4: shapes, three levels, raw JSON body with default Content-Type
POST https://svc.example/v1/search
  Accept: application/json
  Authorization: Bearer k-123
  Content-Type: application/json
  body: "{\"k\":\"v\",\"unnamed\":[{\"a\":\"1\",\"b\":\"2\"}],\"named\":{\"n\":{\"a\":\"1\"}},\"list\":[\"x\",\"y\",1714521600],\"deep\":[{\"l2\":{\"l3\":{\"l4\":[\"z\"]}}}],\"two\":[{\"a\":\"1\"},{\"a\":\"2\"}],\"limit\":100}"
-- 5: GET query string, POST form body, DELETE query string
GET https://svc.example/v1/list?x=1&since=2024-05-01T00%3A00%3A00&f%5B0%5D=a&f%5B1%5D=b+c
  Accept: application/json
  Authorization: Bearer k-123
  body: null
POST https://svc.example/v1/list
  Accept: application/json
  Authorization: Bearer k-123
  Content-Type: application/x-www-form-urlencoded
  body: "since=2024-05-01T00%3A00%3A00&f%5B0%5D=a&f%5B1%5D=b+c"
DELETE https://svc.example/v1/list?since=2024-05-01T00%3A00%3A00&f%5B0%5D=a&f%5B1%5D=b+c
  Accept: application/json
  Authorization: Bearer k-123
  body: null
-- 7, 8: @syncmodule and config in URL attributes, headers and parameters; longest name first
POST https://svc.example/v1/v2/companies/search?key=k-123&x=$UNKNOWN
  Accept: application/json
  Authorization: Bearer k-123
  X-Key: k-123
  X-Module: m-companies
  Content-Type: application/json
  body: "{\"key\":\"k-123\"}"
POST https://svc.example/v1/v2/people/search?key=k-123&x=$UNKNOWN
  Accept: application/json
  Authorization: Bearer k-123
  X-Key: k-123
  X-Module: m-people
  Content-Type: application/json
  body: "{\"key\":\"k-123\"}"
-- 10: format attribute equals the pipe form
POST https://svc.example/v1/x
  Accept: application/json
  Authorization: Bearer k-123
  Content-Type: application/json
  body: "{\"attr\":\"2024-05-01\",\"pipe\":\"2024-05-01\",\"both\":\"year 2024\"}"
-- 11: module element replaces the shared parameters for that module only
POST https://svc.example/v1/shared
  Accept: application/json
  Authorization: Bearer k-123
  X-Shared: 1
  Content-Type: application/json
  body: "{\"shared\":\"1\"}"
POST https://svc.example/v1/shared
  Accept: application/json
  Authorization: Bearer k-123
  X-Shared: 1
  Content-Type: application/json
  body: "{\"contacts\":\"1\"}"
-- 32: basic and apikey auth; a request header overrides auth
GET https://svc.example/v1/x
  Accept: application/json
  Authorization: Basic YW5uOmstMTIz
  body: null
GET https://svc.example/v1/x
  Accept: application/json
  Authorization: Token abc
  body: null
GET https://other.example/abs
  Accept: application/json
  Authorization: Bearer tok
  body: null
-- arguments
Vtws\Sync\Connector::buildRequest(): Argument #1 ($pair) must be the vtigermodule of a pair of this connector
Vtws\Sync\Connector::buildRequest(): Argument #2 ($direction) must be "pull" or "push"
Vtws\Sync\Connector::buildRequest(): Argument #2 ($direction) names a direction the definition does not have
Vtws\Sync\Connector::buildRequest(): Argument #3 ($context) context "mode" must be create, update or delete (push only)
