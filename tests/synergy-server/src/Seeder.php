<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** The data every instance starts with (README.md, "Seed data"). */
final class Seeder
{
    public const ACCOUNT = 'demo';

    private const CLIENTS = [
        ['demo-client', 'demo-secret', 'db:apidefinition:design db:openapi:read db:record:execute db:record:read', ''],
        ['reader-client', 'reader-secret', 'db:openapi:read db:record:read', ''],
        ['fenced-client', 'fenced-secret', 'db:apidefinition:design db:openapi:read db:record:execute db:record:read',
            '192.0.2.10'],
    ];

    private const PLANS = [
        ['value' => 1, 'label' => '一般', 'hasExtraText' => false],
        ['value' => 2, 'label' => 'プレミアム', 'hasExtraText' => true],
        ['value' => 3, 'label' => '法人', 'hasExtraText' => false],
    ];

    private const INTERESTS = [
        ['value' => 1, 'label' => 'sports', 'hasExtraText' => false],
        ['value' => 2, 'label' => 'music', 'hasExtraText' => true],
        ['value' => 3, 'label' => 'travel', 'hasExtraText' => false],
        ['value' => 4, 'label' => 'food', 'hasExtraText' => false],
    ];

    public function __construct(private readonly Store $store)
    {
    }

    public function seed(int $records): void
    {
        foreach (self::CLIENTS as [$id, $secret, $scopes, $ips]) {
            $this->store->exec('INSERT INTO clients (id, secret, account, scopes, allow_ips) VALUES (?, ?, ?, ?, ?)',
                [$id, $secret, self::ACCOUNT, $scopes, $ips]);
        }
        $clock = new Clock($this->store);
        $catalog = new Catalog($this->store, $clock);
        $catalog->createDatabase(self::ACCOUNT, '_customer', 'customerDb', 'マスターデータベース');
        $catalog->createColumn(self::ACCOUNT, '_customer', '_col1', '会社名', 'text', null);
        $catalog->createColumn(self::ACCOUNT, '_customer', '_col2', '入会日', 'date', null);
        $catalog->createColumn(self::ACCOUNT, '_customer', '_col3', '合言葉', 'password', null);
        $catalog->createColumn(self::ACCOUNT, '_customer', '_col4', '会員種別', 'singleSelect', self::PLANS);
        $catalog->createDatabase(self::ACCOUNT, 'inquiry_history', 'historyDb', '問い合わせ履歴');
        $catalog->createColumn(self::ACCOUNT, 'inquiry_history', '_subject', '件名', 'text', null);
        $definitions = new Definitions($this->store, $catalog, $clock, Config::load($this->store));
        $definitions->put(self::ACCOUNT, 'people', self::peopleDefinition());
        $people = $definitions->resolved(self::ACCOUNT, 'people');
        $writer = new Records($this->store, $catalog, $clock, self::ACCOUNT);
        for ($i = 1; $i <= $records; $i++) {
            $writer->create($people, self::person($i));
        }
    }

    /** The seeded definition "people" on the master database: one property of nearly every type. */
    public static function peopleDefinition(): array
    {
        return ['metadata' => ['kind' => 'ApiDefinition', 'name' => 'people'], 'spec' => [
            'resources' => ['main' => ['mapping' => '_customer', 'type' => 'customerDb']],
            'schema' => ['properties' => [
                'id' => ['x-synergy-type' => 'synergyId'],
                'email' => ['x-synergy-type' => 'mailAddress'],
                'createdAt' => ['x-synergy-type' => 'registeredDate'],
                'updatedAt' => ['x-synergy-type' => 'updatedDate'],
                'refusesMail' => ['x-synergy-type' => 'mailRefusalFlag'],
                'bounces' => ['x-synergy-type' => 'mailAddressErrorCount'],
                'optOuts' => ['x-synergy-type' => 'mlRefusalFlags'],
                'name' => ['type' => 'string', 'title' => '氏名'],
                'member_no' => ['type' => 'string'],
                'company' => ['x-synergy-mapping' => '_col1', 'type' => 'string'],
                'age' => ['type' => 'integer'],
                'birthday' => ['type' => 'string', 'format' => 'date'],
                'anniversary' => ['type' => 'string', 'format' => 'month-day'],
                'lastVisit' => ['type' => 'string', 'format' => 'date-time'],
                'plan' => ['x-synergy-type' => 'singleSelect', 'x-synergy-mapping' => '_col4'],
                'interests' => ['x-synergy-type' => 'multipleSelect', 'x-synergy-select-value-definitions' => self::INTERESTS],
                'secret' => ['x-synergy-type' => 'passwordHash'],
                'memo' => ['x-synergy-type' => 'password'],
            ]],
        ]];
    }

    /** Generated record number $i of "people" (deterministic). */
    public static function person(int $i): array
    {
        $names = ['Sato Hanako', 'Suzuki Taro', 'Takahashi Yui', 'Tanaka Ren', 'Ito Mei', 'Watanabe Sota', '山田 太郎',
            '佐藤 花子', 'Müller Jörg', 'O\'Brien Liam'];
        $interests = [];
        foreach ([1, 2, 3, 4] as $value) {
            if (($i >> ($value - 1)) & 1) {
                $interests[] = $value === 2 ? ['value' => 2, 'extraText' => "band $i"] : ['value' => $value];
            }
        }
        return [
            'email' => $i % 10 === 0 ? null : sprintf('user%04d@example.com', $i),
            'name' => $names[$i % count($names)] . " $i",
            'member_no' => sprintf('M%05d', $i),
            'company' => $i % 3 === 0 ? null : 'Company ' . ($i % 7),
            'age' => 18 + ($i * 7) % 60,
            'birthday' => sprintf('%04d-%02d-%02d', 1950 + $i % 50, 1 + $i % 12, 1 + $i % 28),
            'anniversary' => sprintf('--%02d-%02d', 1 + ($i * 5) % 12, 1 + ($i * 3) % 28),
            'lastVisit' => Clock::japan(1700000000 + $i * 3600),
            'plan' => ['value' => 1 + $i % 3],
            'interests' => $interests,
            'optOuts' => $i % 4 === 0 ? [1, 2] : [],
        ];
    }
}
