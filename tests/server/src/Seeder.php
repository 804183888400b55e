<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** Fills a fresh schema: operations, entities, users, and the deterministic records. */
final class Seeder
{
    private const OPS = 'Vtws\\TestServer\\Operations\\';

    /**
     * The registered operations: name => [handler file, method, type, prelogin, [[param, type], ...]].
     * Params are stored with distinct sequences in the order listed.
     */
    private const OPERATIONS = [
        'login' => ['src/Operations/Auth.php', 'Auth::login', 'POST', 1, [['username', 'String'], ['accessKey', 'String']]],
        'retrieve' => ['src/Operations/Records.php', 'Records::retrieve', 'GET', 0, [['id', 'String']]],
        'create' => ['src/Operations/Records.php', 'Records::create', 'POST', 0, [['elementType', 'String'], ['element', 'encoded']]],
        'update' => ['src/Operations/Records.php', 'Records::update', 'POST', 0, [['element', 'encoded']]],
        'delete' => ['src/Operations/Records.php', 'Records::delete', 'POST', 0, [['id', 'String']]],
        'sync' => ['src/Operations/Sync.php', 'Sync::sync', 'GET', 0, [['modifiedTime', 'DateTime'], ['elementType', 'String']]],
        'query' => ['src/Operations/Query.php', 'Query::query', 'GET', 0, [['query', 'String']]],
        'logout' => ['src/Operations/Auth.php', 'Auth::logout', 'POST', 0, [['sessionName', 'String']]],
        'listtypes' => ['src/Operations/Meta.php', 'Meta::listtypes', 'GET', 0, [['fieldTypeList', 'encoded']]],
        'getchallenge' => ['src/Operations/Auth.php', 'Auth::getchallenge', 'GET', 1, [['username', 'String']]],
        'describe' => ['src/Operations/Meta.php', 'Meta::describe', 'GET', 0, [['elementType', 'String']]],
        'extendsession' => ['src/Operations/Auth.php', 'Auth::extendsession', 'POST', 1, []],
        'convertlead' => ['src/Operations/ConvertLead.php', 'ConvertLead::convertlead', 'POST', 0, [['element', 'encoded']]],
        'revise' => ['src/Operations/Records.php', 'Records::revise', 'POST', 0, [['element', 'Encoded']]],
        // Registered with paths that do not exist, exactly like a fresh 8.0 install.
        'changePassword' => ['src/Operations/ChangePassword.php', 'vtws_changePassword', 'POST', 0,
            [['id', 'String'], ['oldPassword', 'String'], ['newPassword', 'String'], ['confirmPassword', 'String']]],
        'deleteUser' => ['src/Operations/DeleteUser.php', 'vtws_deleteUser', 'POST', 0, [['id', 'String'], ['newOwnerId', 'String']]],
        'retrieve_inventory' => ['src/Operations/Records.php', 'Records::retrieve', 'GET', 0, [['id', 'String']]],
        'relatedtypes' => ['src/Operations/Related.php', 'Related::relatedtypes', 'GET', 0, [['elementType', 'string']]],
        'retrieve_related' => ['src/Operations/Related.php', 'Related::retrieveRelated', 'GET', 0,
            [['id', 'string'], ['relatedType', 'string'], ['relatedLabel', 'string']]],
        'query_related' => ['src/Operations/Related.php', 'Related::queryRelated', 'GET', 0,
            [['query', 'string'], ['id', 'string'], ['relatedLabel', 'string']]],
        'add_related' => ['src/Operations/Related.php', 'Related::addRelated', 'POST', 0,
            [['sourceRecordId', 'string'], ['relatedRecordId', 'string'], ['relationIdLabel', 'string']]],
        'files_retrieve' => ['src/Operations/Files.php', 'Files::retrieve', 'GET', 0, [['id', 'string']]],
        'gettranslation' => ['handlers/GetTranslation.php', 'vtws_gettranslation', 'POST', 0,
            [['totranslate', 'encoded'], ['language', 'string'], ['module', 'string']]],
    ];

    private readonly Metadata $meta;
    private readonly RecordWriter $writer;
    private readonly RecordStore $store;
    private int $timestamp;
    /** @var list<int> */
    private array $accountIds = [];
    private int $generated = 0;

    public function __construct(private readonly \PDO $db)
    {
        $this->meta = new Metadata(dirname(__DIR__) . '/data');
        $this->store = new RecordStore($db);
        $clock = new Clock($db);
        $this->writer = new RecordWriter($this->meta, $this->store, new IdLadder($this->meta, $this->store), $clock);
        $this->timestamp = time() - 86400;
    }

    public function seed(int $extraContacts): void
    {
        $this->db->exec("INSERT INTO server_meta (name, value) VALUES ('clock_offset', '0'), ('seeded', '1'),
            ('profile', 'patched'), ('schema', '" . Schema::VERSION . "')");
        $this->db->exec('INSERT INTO vtiger_ws_operation_seq (id) VALUES (0)');
        $this->db->exec('INSERT INTO vtiger_crmentity_seq (id) VALUES (1)');
        $this->seedOperations();
        $this->seedEntities();
        $this->seedUsers();
        $this->seedRecords();
        $this->seedGeneratedContacts($extraContacts);
    }

    private function seedOperations(): void
    {
        $operation = $this->db->prepare('INSERT INTO vtiger_ws_operation VALUES (?, ?, ?, ?, ?, ?)');
        $parameter = $this->db->prepare('INSERT INTO vtiger_ws_operation_parameters VALUES (?, ?, ?, ?)');
        foreach (self::OPERATIONS as $name => [$path, $method, $type, $prelogin, $params]) {
            // Ids come from vtiger_ws_operation_seq, as vtws_addWebserviceOperation allocates them.
            $this->db->exec('UPDATE vtiger_ws_operation_seq SET id = id + 1');
            $id = (int) $this->db->query('SELECT id FROM vtiger_ws_operation_seq')->fetchColumn();
            $handler = str_contains($method, '::') ? self::OPS . $method : $method;
            $operation->execute([$id, $name, $path, $handler, $type, $prelogin]);
            foreach ($params as $index => [$paramName, $paramType]) {
                $parameter->execute([$id, $paramName, $paramType, $index + 1]);
            }
        }
    }

    private function seedEntities(): void
    {
        $insert = $this->db->prepare('INSERT INTO vtiger_ws_entity (id, name, ismodule) VALUES (?, ?, ?)');
        foreach (Metadata::ENTITIES as $id => $name) {
            $insert->execute([$id, $name, $id <= 19 || ($id >= 24 && $id <= 32) ? 1 : 0]);
        }
    }

    private function seedUsers(): void
    {
        $template = json_decode((string) file_get_contents(dirname(__DIR__) . '/data/user-template.json'), true);
        $insert = $this->db->prepare('INSERT INTO vtiger_users (id, user_name, accesskey, status, is_admin, data)
            VALUES (?, ?, ?, ?, ?, ?)');
        foreach (SeedData::USERS as [$id, $name, $first, $last, $email, $isAdmin, $status, $key]) {
            $data = array_merge($template, [
                'user_name' => $name, 'is_admin' => $isAdmin, 'first_name' => $first, 'last_name' => $last,
                'email1' => $email, 'status' => $status, 'accesskey' => $key, 'userlabel' => "$first $last",
                'user_password' => '$2y$10$' . str_repeat(substr(md5($name), 0, 26), 2),
                'is_owner' => $id === 1 ? '1' : '0', 'id' => '19x' . $id,
            ]);
            $data['confirm_password'] = $data['user_password'];
            $insert->execute([$id, $name, $key, $status, $isAdmin,
                json_encode($data, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)]);
        }
    }

    /** Ids are allocated in this order, so 11x2, 12x3..12x9, 14x13, 11x15, 11x19 and 12x23 are fixed. */
    private function seedRecords(): void
    {
        $this->account(0);
        $this->create('Contacts', SeedData::mainContact());
        foreach (SeedData::specialContacts() as $element) {
            $this->create('Contacts', $element);
        }
        $this->contacts(3);
        $this->create('Products', ['productname' => 'Widget Pro', 'productcode' => 'WP-100', 'unit_price' => '125.50',
            'qtyinstock' => '40', 'discontinued' => '1', 'productcategory' => 'Hardware', 'assigned_user_id' => '19x1']);
        $this->create('Potentials', ['potentialname' => 'Acme 2027 renewal', 'related_to' => '11x2', 'contact_id' => '12x3',
            'amount' => '48000.00', 'closingdate' => '2027-03-31', 'sales_stage' => 'Prospecting',
            'probability' => '20', 'assigned_user_id' => '19x1']);
        $this->account(1);
        $this->contacts(3);
        $this->account(2);
        $this->contacts(4);
        foreach ([3, 4, 5] as $index) {
            $this->account($index);
        }
        $this->contacts(20);
        $this->seedOtherModules();
    }

    private function account(int $index): void
    {
        $this->accountIds[] = $this->create('Accounts', SeedData::account($index));
    }

    private function contacts(int $count): void
    {
        for ($i = 0; $i < $count; $i++) {
            $this->create('Contacts', SeedData::contact($this->generated++, $this->accountIds));
        }
    }

    private function seedOtherModules(): void
    {
        $this->create('Leads', ['firstname' => 'Lena', 'lastname' => 'Fischer', 'company' => 'Fischer & Söhne GmbH',
            'email' => 'lena@fischer.example.de', 'leadsource' => 'Trade Show', 'leadstatus' => 'Contacted',
            'city' => 'Berlin', 'country' => 'Germany', 'assigned_user_id' => '19x1']);
        $this->create('Leads', ['firstname' => 'Kenji', 'lastname' => '佐藤', 'company' => '佐藤商事',
            'email' => 'kenji@sato.example.jp', 'leadstatus' => 'Hot', 'assigned_user_id' => '19x1']);
        $this->create('HelpDesk', ['ticket_title' => 'Cannot log in to the portal', 'parent_id' => '11x2',
            'contact_id' => '12x3', 'ticketpriorities' => 'High', 'ticketstatus' => 'Open', 'ticketseverities' => 'Major',
            'ticketcategories' => 'Small Problem', 'description' => "Steps:\n1. open portal\n2. error 500",
            'assigned_user_id' => '19x1']);
        $content = "Hello from vtws: é 日本\n";
        $document = $this->create('Documents', ['notes_title' => 'Seeded hello.txt', 'assigned_user_id' => '19x1',
            'filelocationtype' => 'I', 'filestatus' => '1', 'filename' => 'hello.txt',
            'filesize' => (string) strlen($content), 'filetype' => 'text/plain']);
        (new Storage($this->db, new Clock($this->db)))
            ->saveContent($this->store->allocateId(), $document, 'hello.txt', 'text/plain', $content);
        $this->create('Calendar', ['subject' => 'Call Acme about renewal', 'assigned_user_id' => '19x1',
            'date_start' => '2027-01-15', 'time_start' => '09:00:00', 'due_date' => '2027-01-15',
            'taskstatus' => 'Not Started', 'activitytype' => 'Task']);
    }

    private function seedGeneratedContacts(int $count): void
    {
        $accounts = [2, 15, 19, 24, 25, 26];
        // Three contacts per second: a sync page boundary falls inside a second, so ties
        // push pages past 100 records like on a real server, without every row sharing one second.
        $base = time() - 3600 - intdiv($count, 3);
        for ($i = 0; $i < $count; $i++) {
            $this->timestamp = $base + intdiv($i, 3);
            $this->create('Contacts', SeedData::contact(1000 + $i, $accounts));
        }
    }

    private function create(string $module, array $element): int
    {
        $record = $this->writer->create($module, $element, 1);
        $this->timestamp += 60;
        $stamp = gmdate('Y-m-d H:i:s', $this->timestamp);
        $record['data']['createdtime'] = $stamp;
        $record['data']['modifiedtime'] = $stamp;
        $this->store->save($record['crmid'], $record['owner'], $record['data'], $this->timestamp);
        return $record['crmid'];
    }
}
