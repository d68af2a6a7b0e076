// The dispute categories of DOMAIN.md, shared by every city's seed so statistics compare across cities.
import type { z } from 'zod';
import type { Category } from './city-schema.ts';

export const disputeCategories: z.input<typeof Category>[] = [
  { id: 'marriage_family', name: '婚姻家庭', nameEn: 'Marriage and family' },
  { id: 'neighbours', name: '邻里纠纷', nameEn: 'Neighbours' },
  { id: 'land_homestead', name: '土地与宅基地', nameEn: 'Land and homestead boundaries' },
  { id: 'labour_wages', name: '劳动与欠薪', nameEn: 'Labour and unpaid wages' },
  { id: 'rental', name: '房屋租赁', nameEn: 'Rental' },
  { id: 'property_management', name: '物业服务', nameEn: 'Property management' },
  { id: 'traffic_accident', name: '交通事故', nameEn: 'Traffic accidents' },
  { id: 'medical', name: '医疗纠纷', nameEn: 'Medical disputes' },
  { id: 'consumer', name: '消费纠纷', nameEn: 'Consumer disputes' },
  { id: 'contract_loan', name: '合同与借贷', nameEn: 'Contracts and loans' },
  { id: 'construction', name: '建设工程', nameEn: 'Construction' },
  { id: 'commercial', name: '商事纠纷', nameEn: 'Commercial disputes' },
  {
    id: 'married_out_daughters',
    name: '外嫁女权益',
    nameEn: "Married-out daughters' village rights",
  },
  { id: 'cross_border', name: '涉外及跨境纠纷', nameEn: 'Cross-border disputes' },
];
