CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
DROP INDEX "organisations_kind_region";--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "region_code" text;--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_parent_code_regions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."regions"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_parent" ON "regions" USING btree ("parent_code");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisations_kind_region_code" ON "organisations" USING btree ("kind","region_code");--> statement-breakpoint
-- The regions catalogue (app/domain/organisations/regions.ts): province-level divisions first.
INSERT INTO "regions" ("code", "name_zh", "name_en", "parent_code") VALUES
	('110000', '北京市', 'Beijing', NULL),
	('120000', '天津市', 'Tianjin', NULL),
	('130000', '河北省', 'Hebei', NULL),
	('140000', '山西省', 'Shanxi', NULL),
	('150000', '内蒙古自治区', 'Inner Mongolia', NULL),
	('210000', '辽宁省', 'Liaoning', NULL),
	('220000', '吉林省', 'Jilin', NULL),
	('230000', '黑龙江省', 'Heilongjiang', NULL),
	('310000', '上海市', 'Shanghai', NULL),
	('320000', '江苏省', 'Jiangsu', NULL),
	('330000', '浙江省', 'Zhejiang', NULL),
	('340000', '安徽省', 'Anhui', NULL),
	('350000', '福建省', 'Fujian', NULL),
	('360000', '江西省', 'Jiangxi', NULL),
	('370000', '山东省', 'Shandong', NULL),
	('410000', '河南省', 'Henan', NULL),
	('420000', '湖北省', 'Hubei', NULL),
	('430000', '湖南省', 'Hunan', NULL),
	('440000', '广东省', 'Guangdong', NULL),
	('450000', '广西壮族自治区', 'Guangxi', NULL),
	('460000', '海南省', 'Hainan', NULL),
	('500000', '重庆市', 'Chongqing', NULL),
	('510000', '四川省', 'Sichuan', NULL),
	('520000', '贵州省', 'Guizhou', NULL),
	('530000', '云南省', 'Yunnan', NULL),
	('540000', '西藏自治区', 'Xizang (Tibet)', NULL),
	('610000', '陕西省', 'Shaanxi', NULL),
	('620000', '甘肃省', 'Gansu', NULL),
	('630000', '青海省', 'Qinghai', NULL),
	('640000', '宁夏回族自治区', 'Ningxia', NULL),
	('650000', '新疆维吾尔自治区', 'Xinjiang', NULL),
	('710000', '台湾省', 'Taiwan', NULL),
	('810000', '香港特别行政区', 'Hong Kong', NULL),
	('820000', '澳门特别行政区', 'Macao', NULL),
	('320100', '南京市', 'Nanjing', '320000'),
	('320200', '无锡市', 'Wuxi', '320000'),
	('320300', '徐州市', 'Xuzhou', '320000'),
	('320400', '常州市', 'Changzhou', '320000'),
	('320500', '苏州市', 'Suzhou', '320000'),
	('320600', '南通市', 'Nantong', '320000'),
	('320700', '连云港市', 'Lianyungang', '320000'),
	('320800', '淮安市', 'Huai''an', '320000'),
	('320900', '盐城市', 'Yancheng', '320000'),
	('321000', '扬州市', 'Yangzhou', '320000'),
	('321100', '镇江市', 'Zhenjiang', '320000'),
	('321200', '泰州市', 'Taizhou (Jiangsu)', '320000'),
	('321300', '宿迁市', 'Suqian', '320000'),
	('330100', '杭州市', 'Hangzhou', '330000'),
	('330200', '宁波市', 'Ningbo', '330000'),
	('330300', '温州市', 'Wenzhou', '330000'),
	('330400', '嘉兴市', 'Jiaxing', '330000'),
	('330500', '湖州市', 'Huzhou', '330000'),
	('330600', '绍兴市', 'Shaoxing', '330000'),
	('330700', '金华市', 'Jinhua', '330000'),
	('330800', '衢州市', 'Quzhou', '330000'),
	('330900', '舟山市', 'Zhoushan', '330000'),
	('331000', '台州市', 'Taizhou (Zhejiang)', '330000'),
	('331100', '丽水市', 'Lishui', '330000'),
	('320902', '亭湖区', 'Tinghu District, Yancheng', '320900'),
	('320904', '大丰区', 'Dafeng District, Yancheng', '320900');--> statement-breakpoint
-- Existing free-text regions that name a catalogue region (its code, its Chinese name, or its parent's
-- name before its own as in 江苏省南京市; surrounding spaces ignored) now point at it and their text is cleared.
-- Anything else stays in "region" as written, with no code, and is shown as is (resolveRegion).
UPDATE "organisations" AS o SET "region_code" = r."code", "region" = ''
FROM "regions" AS r LEFT JOIN "regions" AS p ON p."code" = r."parent_code"
WHERE o."region_code" IS NULL
	AND btrim(o."region") IN (r."code", r."name_zh", coalesce(p."name_zh", '') || r."name_zh");
